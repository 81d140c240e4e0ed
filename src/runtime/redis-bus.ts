/**
 * Fan-out across instances through Redis pub/sub (@graphql-yoga/redis-event-target),
 * one channel per session, so an instance only receives the sessions its clients
 * follow. Local subscribers get local events directly; Redis carries them to the
 * other instances, in publish order.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import { type EventBus, type Listener, LocalBus } from './bus.js';
import type { SessionEvent } from './events.js';

interface Envelope {
  origin: string;
  event: SessionEvent;
}

const channelOf = (sessionId: string) => `parley:events:${sessionId}`;
const DATE_KEYS = new Set(['at', 'startedAt']);

/** JSON that brings back the Date fields of events. */
export const eventSerializer = {
  stringify: (value: unknown) => JSON.stringify(value),
  parse: (text: string) =>
    JSON.parse(text, (key, value) =>
      DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value,
    ),
};

export class RedisBus implements EventBus {
  private readonly local = new LocalBus();
  private readonly target;
  private readonly forwarders = new Map<string, (e: CustomEvent<Envelope>) => void>();
  /** Listeners whose Redis subscription is acknowledged (what listenerCount reports). */
  private readonly live = new Map<string, number>();
  private liveTotal = 0;

  constructor(
    publisher: Redis,
    private readonly subscriber: Redis,
    private readonly instanceId: string,
  ) {
    this.target = createRedisEventTarget<CustomEvent<Envelope>>({
      publishClient: publisher,
      subscribeClient: subscriber,
      serializer: eventSerializer,
    });
  }

  publish(event: SessionEvent): void {
    this.local.deliver(event);
    const envelope: Envelope = { origin: this.instanceId, event };
    this.target.dispatchEvent(new CustomEvent(channelOf(event.sessionId), { detail: envelope }));
  }

  async subscribe(sessionId: string, listener: Listener): Promise<() => void> {
    const channel = channelOf(sessionId);
    if (!this.forwarders.has(channel)) {
      const forward = ({ detail }: CustomEvent<Envelope>) => {
        // Our own events were delivered locally already.
        if (detail.origin !== this.instanceId) this.local.deliver(detail.event);
      };
      this.forwarders.set(channel, forward);
      this.target.addEventListener(channel, forward);
    }
    const unsubscribe = this.local.subscribeNow(sessionId, listener);
    // SUBSCRIBE again and await Redis's acknowledgement: once it arrives, every later
    // publication reaches us, so the caller may read the event log without a gap.
    await this.subscriber.subscribe(channel);
    this.countLive(sessionId, +1);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.countLive(sessionId, -1);
      unsubscribe();
      const forward = this.forwarders.get(channel);
      if (forward && !this.local.hasListeners(sessionId)) {
        this.forwarders.delete(channel);
        this.target.removeEventListener(channel, forward);
      }
    };
  }

  private countLive(sessionId: string, delta: number): void {
    const count = (this.live.get(sessionId) ?? 0) + delta;
    if (count > 0) this.live.set(sessionId, count);
    else this.live.delete(sessionId);
    this.liveTotal += delta;
  }

  listenerCount(sessionId?: string): number {
    return sessionId === undefined ? this.liveTotal : (this.live.get(sessionId) ?? 0);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.forwarders.clear();
  }
}
