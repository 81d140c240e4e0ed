/**
 * Where each turn runs, so cancelChat works from any instance. Locally a turn is
 * found in the runner's own map; with Redis, a key per turn names its instance
 * and the cancel request travels to that instance, which answers whether it
 * cancelled.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CancelOutcome } from './errors.js';

export interface TurnRegistry {
  register(turnId: string, userId: string): Promise<void>;
  unregister(turnId: string): Promise<void>;
  /** Asks the instance running the turn to cancel it; `unknown` when no instance has it. */
  requestCancel(turnId: string, userId: string): Promise<CancelOutcome>;
  /** Installs this instance's handler for cancel requests from others. */
  onCancelRequest(handler: CancelHandler): Promise<void>;
  close(): Promise<void>;
}

/** One instance: nothing to find elsewhere. */
export class LocalTurnRegistry implements TurnRegistry {
  async register(): Promise<void> {}
  async unregister(): Promise<void> {}
  async requestCancel(): Promise<CancelOutcome> {
    return 'unknown';
  }
  async onCancelRequest(): Promise<void> {}
  async close(): Promise<void> {}
}

const turnKey = (turnId: string) => `parley:turn:${turnId}`;
const controlChannel = (instanceId: string) => `parley:control:${instanceId}`;
/** A turn key outlives any sane turn; it is deleted when the turn ends. */
const TURN_KEY_TTL_MS = 6 * 3_600_000;
const CANCEL_REPLY_TIMEOUT_MS = 3000;

type ControlMessage =
  | { kind: 'cancel'; requestId: string; turnId: string; userId: string; replyTo: string }
  | { kind: 'cancelled'; requestId: string; outcome: CancelOutcome };

type CancelHandler = (turnId: string, userId: string) => CancelOutcome;

export class RedisTurnRegistry implements TurnRegistry {
  private readonly pending = new Map<string, (outcome: CancelOutcome) => void>();
  private handler: CancelHandler = () => 'unknown';

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly instanceId: string,
  ) {}

  async register(turnId: string, userId: string): Promise<void> {
    const value = JSON.stringify({ owner: this.instanceId, userId });
    await this.publisher.set(turnKey(turnId), value, 'PX', TURN_KEY_TTL_MS);
  }

  async unregister(turnId: string): Promise<void> {
    await this.publisher.del(turnKey(turnId));
  }

  async requestCancel(turnId: string, userId: string): Promise<CancelOutcome> {
    const raw = await this.publisher.get(turnKey(turnId));
    if (!raw) return 'unknown';
    const { owner, userId: turnUser } = JSON.parse(raw) as { owner: string; userId: string };
    if (turnUser !== userId) return 'denied';
    const requestId = randomUUID();
    const reply = new Promise<CancelOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve('unknown'); // the owner is gone; its lease will expire and close the turn
      }, CANCEL_REPLY_TIMEOUT_MS);
      this.pending.set(requestId, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
    });
    const message: ControlMessage = {
      kind: 'cancel',
      requestId,
      turnId,
      userId,
      replyTo: this.instanceId,
    };
    await this.publisher.publish(controlChannel(owner), JSON.stringify(message));
    return reply;
  }

  async onCancelRequest(handler: CancelHandler): Promise<void> {
    this.handler = handler;
    const own = controlChannel(this.instanceId);
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === own) this.receive(JSON.parse(text) as ControlMessage);
    });
    await this.subscriber.subscribe(own);
  }

  private receive(message: ControlMessage): void {
    if (message.kind === 'cancelled') {
      this.pending.get(message.requestId)?.(message.outcome);
      this.pending.delete(message.requestId);
      return;
    }
    const outcome = this.handler(message.turnId, message.userId);
    const reply: ControlMessage = { kind: 'cancelled', requestId: message.requestId, outcome };
    void this.publisher.publish(controlChannel(message.replyTo), JSON.stringify(reply));
  }

  async close(): Promise<void> {
    for (const resolve of this.pending.values()) resolve('unknown');
    this.pending.clear();
  }
}
