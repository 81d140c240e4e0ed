/**
 * Fan-out across instances through Redis pub/sub (ioredis), one channel per session,
 * so an instance only receives the sessions its clients follow. Local subscribers get
 * local events directly; Redis carries them to the other instances, in publish order.
 *
 * Redis may go away at any time, and nothing here may fail because of it: local
 * delivery never waits for Redis, and what the outage costs remote subscribers is
 * made good from the event log (every event is stored before it is published):
 * - a PUBLISH that fails is remembered (the latest per session) and sent again once
 *   the publisher is back: a subscriber elsewhere sees its seq jump and reads the gap
 *   from the log, even when nothing else is published in that session;
 * - when the subscriber connection is back, every followed channel is SUBSCRIBEd again
 *   (the connections run with autoResubscribe off, so no stale channel comes back) and,
 *   once Redis acknowledges, every local listener is told to resync (re-read the log
 *   from its last seq): what was published meanwhile arrived nowhere.
 * ioredis is used directly rather than through @graphql-yoga/redis-event-target, whose
 * dispatchEvent drops the PUBLISH promise (an outage became an unhandled rejection
 * that ended the process) and whose SUBSCRIBE/UNSUBSCRIBE calls cannot be awaited.
 */
import type { Redis } from 'ioredis';
import { withDeadline } from '../../lib/deadline.js';
import type { SessionEvent } from '../../model/events.js';
import { type EventBus, LocalBus, type PublishedListener, type SessionListener } from './bus.js';
import { CHANNEL_PREFIX, channelOf, type Envelope, eventSerializer } from './redis-envelope.js';

/** A SUBSCRIBE that takes longer (a Redis that hangs) does not hold a subscriber up. */
const SUBSCRIBE_WAIT_MS = 2000;
const ignore = () => {};
/** How soon a PUBLISH that failed while connected is tried again. */
const RESEND_AFTER_MS = 500;

/** Per session, what could not be published: the latest event, and an end notice. */
interface Unsent {
  event?: Envelope;
  ended?: Envelope;
}

export class RedisBus implements EventBus {
  private readonly local = new LocalBus();
  /** Listeners per session (what listenerCount reports). */
  private readonly live = new Map<string, number>();
  private liveTotal = 0;
  private readonly unsent = new Map<string, Unsent>();
  /** The subscriber connection was lost: rejoin and resync once it is back. */
  private subscriberLost = false;
  private closed = false;
  /** A re-send of what failed while the publisher was up (no 'ready' will come for it). */
  private resendTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly instanceId: string,
  ) {
    subscriber.on('message', (channel: string, text: string) => this.receive(channel, text));
    subscriber.on('close', () => {
      this.subscriberLost = true;
    });
    subscriber.on('ready', () => {
      if (!this.subscriberLost) return;
      this.subscriberLost = false;
      void this.rejoin();
    });
    publisher.on('ready', () => this.sendUnsent());
  }

  publish(event: SessionEvent): void {
    this.local.publish(event); // what others publish reaches local.deliver only (receive)
    this.send(event.sessionId, { origin: this.instanceId, event });
  }

  onPublished(listener: PublishedListener): () => void {
    return this.local.onPublished(listener);
  }

  delivered(): Promise<void> {
    return this.local.delivered();
  }

  publishEnded(sessionId: string): void {
    this.local.publishEnded(sessionId);
    this.send(sessionId, { origin: this.instanceId, ended: sessionId });
  }

  /** Never throws nor rejects: a PUBLISH that fails is kept for sendUnsent. */
  private send(sessionId: string, envelope: Envelope): void {
    const text = eventSerializer.stringify(envelope);
    this.publisher.publish(channelOf(sessionId), text).catch(() => {
      if (this.closed) return;
      const kept = this.unsent.get(sessionId) ?? {};
      if (envelope.ended) kept.ended = envelope;
      else if ((kept.event?.event?.seq ?? 0) < (envelope.event?.seq ?? 0)) kept.event = envelope;
      this.unsent.set(sessionId, kept);
      // Failed although connected (a reconnect that finished first): try again shortly.
      if (this.publisher.status === 'ready' && !this.resendTimer) {
        this.resendTimer = setTimeout(() => {
          this.resendTimer = undefined;
          this.sendUnsent();
        }, RESEND_AFTER_MS);
        this.resendTimer.unref();
      }
    });
  }

  /** The publisher is back: re-send the latest unsent event (and end notice) per session. */
  private sendUnsent(): void {
    const all = [...this.unsent];
    this.unsent.clear();
    for (const [sessionId, { event, ended }] of all) {
      if (event) this.send(sessionId, event);
      if (ended) this.send(sessionId, ended);
    }
  }

  private receive(channel: string, text: string): void {
    if (!channel.startsWith(CHANNEL_PREFIX)) return; // the turn registry's control channel
    if (!this.local.hasListeners(channel.slice(CHANNEL_PREFIX.length))) return;
    let envelope: Envelope;
    try {
      envelope = eventSerializer.parse(text) as Envelope;
    } catch {
      return; // not ours
    }
    // Our own events were delivered locally already.
    if (envelope.origin === this.instanceId) return;
    if (envelope.event) this.local.deliver(envelope.event);
    else if (envelope.ended) this.local.publishEnded(envelope.ended);
  }

  async subscribe(sessionId: string, listener: SessionListener): Promise<() => void> {
    const channel = channelOf(sessionId);
    const unsubscribe = this.local.subscribeNow(sessionId, listener);
    // SUBSCRIBE again and await Redis's acknowledgement: once it arrives, every later
    // publication reaches us, so the caller may read the event log without a gap.
    // Without Redis the listener is live for local events at once; rejoin() subscribes
    // the channel and resyncs the listener when Redis is back.
    if (this.subscriber.status === 'ready') await this.listen([channel]).catch(ignore);
    this.countLive(sessionId, +1);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.countLive(sessionId, -1);
      unsubscribe();
      if (!this.local.hasListeners(sessionId) && this.subscriber.status === 'ready') {
        this.subscriber.unsubscribe(channel).catch(ignore);
      }
    };
  }

  /** SUBSCRIBEs, waiting at most SUBSCRIBE_WAIT_MS for the acknowledgement. */
  private listen(channels: string[]): Promise<unknown> {
    const subscribed = this.subscriber.subscribe(...channels);
    return withDeadline(subscribed, SUBSCRIBE_WAIT_MS, 'SUBSCRIBE not acknowledged');
  }

  /**
   * After an outage: SUBSCRIBE every followed channel, then tell every listener to
   * re-read the log.
   */
  private async rejoin(): Promise<void> {
    const channels = [...this.local.sessionIds()].map(channelOf);
    try {
      if (channels.length > 0) await this.listen(channels);
    } catch {
      // Lost again: the next 'ready' rejoins. Still connected but unanswered: try again.
      if (this.subscriber.status === 'ready' && !this.closed) {
        setTimeout(() => void this.rejoin(), SUBSCRIBE_WAIT_MS).unref();
      }
      return;
    }
    if (!this.closed) this.local.resyncAll();
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
    this.closed = true;
    clearTimeout(this.resendTimer);
    this.unsent.clear();
    await this.local.close();
  }
}
