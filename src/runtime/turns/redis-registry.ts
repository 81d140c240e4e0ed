/**
 * The turn registry across instances (see registry.ts): a Redis key per turn names the
 * instance running it, and a cancel request goes to that instance's control channel,
 * which answers on the asker's. Every Redis call is bounded, so an outage never holds
 * up a turn; see registry.ts for what an outage costs.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { withDeadline } from '../../lib/deadline.js';
import { type CancelOutcome, RedisUnavailableError } from '../errors.js';
import type { ApprovalNoticeHandler, CancelHandler, TurnRegistry } from './registry.js';

const turnKey = (turnId: string) => `parley:turn:${turnId}`;
const controlChannel = (instanceId: string) => `parley:control:${instanceId}`;
/** A turn key outlives any sane turn; it is deleted when the turn ends. */
const TURN_KEY_TTL_MS = 6 * 3_600_000;
const CANCEL_REPLY_TIMEOUT_MS = 3000;
/** A Redis that accepts connections but does not answer holds nothing up for longer. */
const REDIS_CALL_BOUND_MS = 1000;

type ControlMessage =
  | { kind: 'cancel'; requestId: string; turnId: string; userId: string; replyTo: string }
  | { kind: 'cancelled'; requestId: string; outcome: CancelOutcome }
  | { kind: 'approval'; approvalId: string };

/** The call's result, or a rejection once it took REDIS_CALL_BOUND_MS. */
const bounded = <T>(call: Promise<T>): Promise<T> =>
  withDeadline(call, REDIS_CALL_BOUND_MS, 'redis: no answer');

export class RedisTurnRegistry implements TurnRegistry {
  private readonly pending = new Map<string, (outcome: CancelOutcome) => void>();
  private handler: CancelHandler = () => 'unknown';
  private approvalHandler: ApprovalNoticeHandler = () => undefined;
  /** Turns running here whose key is not written yet (Redis was away): turnId -> userId. */
  private readonly unwritten = new Map<string, string>();
  /** Finished turns whose key could not be deleted. */
  private readonly undeleted = new Set<string>();
  private subscriberLost = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly instanceId: string,
  ) {
    publisher.on('ready', () => void this.catchUp());
  }

  async register(turnId: string, userId: string): Promise<void> {
    try {
      await bounded(this.writeKey(turnId, userId));
    } catch {
      this.unwritten.set(turnId, userId); // written by catchUp; the turn runs meanwhile
    }
  }

  private writeKey(turnId: string, userId: string): Promise<unknown> {
    const value = JSON.stringify({ owner: this.instanceId, userId });
    return this.publisher.set(turnKey(turnId), value, 'PX', TURN_KEY_TTL_MS);
  }

  async unregister(turnId: string): Promise<void> {
    if (this.unwritten.delete(turnId)) return; // never written
    try {
      await bounded(this.publisher.del(turnKey(turnId)));
    } catch {
      this.undeleted.add(turnId);
    }
  }

  /** The publisher is back: writes the keys the outage kept from being written or deleted. */
  private async catchUp(): Promise<void> {
    for (const [turnId, userId] of [...this.unwritten]) {
      try {
        await bounded(this.writeKey(turnId, userId));
        // Finished meanwhile (unregister found it still unwritten): delete it again.
        if (!this.unwritten.delete(turnId)) this.undeleted.add(turnId);
      } catch {
        return; // gone again; the next 'ready' goes on
      }
    }
    for (const turnId of [...this.undeleted]) {
      try {
        await bounded(this.publisher.del(turnKey(turnId)));
        this.undeleted.delete(turnId);
      } catch {
        return;
      }
    }
  }

  async requestCancel(turnId: string, userId: string): Promise<CancelOutcome> {
    // Both connections are needed: the request goes out on one, the answer comes on the other.
    if (this.publisher.status !== 'ready' || this.subscriber.status !== 'ready') {
      throw new RedisUnavailableError();
    }
    const raw = await bounded(this.publisher.get(turnKey(turnId))).catch(() => {
      throw new RedisUnavailableError();
    });
    if (!raw) return 'unknown';
    const { owner, userId: turnUser } = JSON.parse(raw) as { owner: string; userId: string };
    if (turnUser !== userId) return 'denied';
    const requestId = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<CancelOutcome>((resolve, reject) => {
      timer = setTimeout(() => {
        this.pending.delete(requestId);
        // No answer: the owner is gone (its lease will expire and close the turn), or
        // Redis went away while we waited.
        if (this.subscriber.status === 'ready') resolve('unknown');
        else reject(new RedisUnavailableError());
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
    try {
      await bounded(this.publisher.publish(controlChannel(owner), JSON.stringify(message)));
    } catch {
      clearTimeout(timer);
      this.pending.delete(requestId);
      throw new RedisUnavailableError();
    }
    return reply;
  }

  async notifyApproval(turnId: string, approvalId: string): Promise<void> {
    const raw = await bounded(this.publisher.get(turnKey(turnId)));
    if (!raw) return; // the turn ended (or its instance died: the orphan closer expires it)
    const { owner } = JSON.parse(raw) as { owner: string };
    const notice: ControlMessage = { kind: 'approval', approvalId };
    await bounded(this.publisher.publish(controlChannel(owner), JSON.stringify(notice)));
  }

  onApprovalNotice(handler: ApprovalNoticeHandler): void {
    this.approvalHandler = handler;
  }

  async onCancelRequest(handler: CancelHandler): Promise<void> {
    this.handler = handler;
    const own = controlChannel(this.instanceId);
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== own) return;
      try {
        this.receive(JSON.parse(text) as ControlMessage);
      } catch {
        // Not a message of ours; an exception here would end the process.
      }
    });
    // The connection runs with autoResubscribe off (see services.ts): after an outage
    // each owner of a channel SUBSCRIBEs it again.
    this.subscriber.on('close', () => {
      this.subscriberLost = true;
    });
    this.subscriber.on('ready', () => {
      if (!this.subscriberLost) return;
      this.subscriberLost = false;
      this.subscriber.subscribe(own).catch(() => undefined); // lost again: next 'ready'
    });
    await this.subscriber.subscribe(own);
  }

  private receive(message: ControlMessage): void {
    if (message.kind === 'approval') {
      this.approvalHandler(message.approvalId);
      return;
    }
    if (message.kind === 'cancelled') {
      this.pending.get(message.requestId)?.(message.outcome);
      this.pending.delete(message.requestId);
      return;
    }
    const outcome = this.handler(message.turnId, message.userId);
    const reply: ControlMessage = { kind: 'cancelled', requestId: message.requestId, outcome };
    // Lost with Redis: the asker's wait ends with RedisUnavailableError or `unknown`.
    this.publisher
      .publish(controlChannel(message.replyTo), JSON.stringify(reply))
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const resolve of this.pending.values()) resolve('unknown');
    this.pending.clear();
  }
}
