/**
 * The viewer feed across instances: one Redis channel for every update (a few per turn,
 * so every instance may hear all of them and deliver by user). As for the event bus
 * (fanout/redis-bus.ts), Redis may go away at any time and nothing fails for it: the
 * update is stored before it is published, a PUBLISH that failed is sent again once
 * Redis is back (a subscriber elsewhere sees the position jump and reads the gap), and
 * after the subscriber connection is back every local listener re-reads the log.
 */
import type { Redis } from 'ioredis';
import { withDeadline } from '../../lib/deadline.js';
import type { SessionUpdateDoc } from '../../model/feed.js';
import type { FeedScope } from '../../store/store.js';
import { type FeedBus, type FeedListener, LocalFeedBus } from './feed-bus.js';

export const FEED_CHANNEL = 'parley:feed';
const SUBSCRIBE_WAIT_MS = 2000;
/** Past this many users with a lost PUBLISH, the oldest are dropped: bounded memory. */
const MAX_UNSENT_USERS = 10_000;
const ignore = () => {};

interface FeedEnvelope {
  origin: string;
  update: SessionUpdateDoc;
}

export class RedisFeedBus implements FeedBus {
  private readonly local = new LocalFeedBus();
  /** The channel's SUBSCRIBE, once some listener wanted it (dropped when the connection is). */
  private listening: Promise<unknown> | undefined;
  private wanted = false;
  /** Per user, the newest update a PUBLISH lost (each user's feed resumes from it). */
  private readonly unsent = new Map<string, FeedEnvelope>();
  private closed = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly instanceId: string,
  ) {
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === FEED_CHANNEL) this.receive(text);
    });
    // The connections run with autoResubscribe off: a lost connection lost the channel.
    subscriber.on('close', () => {
      this.listening = undefined;
    });
    subscriber.on('ready', () => {
      if (!this.wanted || this.listening || this.closed) return;
      this.listen().then(() => !this.closed && this.local.resyncAll(), ignore);
    });
    publisher.on('ready', () => {
      const unsent = [...this.unsent.values()];
      this.unsent.clear();
      for (const envelope of unsent) this.send(envelope);
    });
  }

  publish(update: SessionUpdateDoc): void {
    this.local.deliver(update);
    this.send({ origin: this.instanceId, update });
  }

  private send(envelope: FeedEnvelope): void {
    this.publisher.publish(FEED_CHANNEL, JSON.stringify(envelope)).catch(() => {
      // A user's newest is enough: their feed, seeing it, reads what it missed from the
      // log (an admin feed, seeing any, reads everything after its position).
      const { userId, _id } = envelope.update;
      if (this.closed || (this.unsent.get(userId)?.update._id ?? 0) > _id) return;
      // Past the bound those users' feeds catch up with their next update instead.
      if (this.unsent.size >= MAX_UNSENT_USERS) this.unsent.clear();
      this.unsent.set(userId, envelope);
    });
  }

  private receive(text: string): void {
    let envelope: FeedEnvelope;
    try {
      envelope = JSON.parse(text) as FeedEnvelope;
    } catch {
      return;
    }
    if (envelope.origin === this.instanceId || !envelope.update) return;
    this.local.deliver(reviveDates(envelope.update));
  }

  async subscribe(scope: FeedScope, listener: FeedListener): Promise<() => void> {
    const unsubscribe = await this.local.subscribe(scope, listener);
    this.wanted = true;
    // The channel stays subscribed once joined: every instance with a feed hears it all.
    if (this.subscriber.status === 'ready') await this.listen().catch(ignore);
    return unsubscribe;
  }

  /** SUBSCRIBEs once (again after an outage), waiting at most SUBSCRIBE_WAIT_MS. */
  private listen(): Promise<unknown> {
    if (!this.listening) {
      const subscribed = this.subscriber.subscribe(FEED_CHANNEL);
      this.listening = withDeadline(subscribed, SUBSCRIBE_WAIT_MS, 'SUBSCRIBE not acknowledged');
      this.listening.catch(() => {
        this.listening = undefined;
      });
    }
    return this.listening;
  }

  listenerCount(): number {
    return this.local.listenerCount();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.local.close();
  }
}

/** JSON turned the update's dates (its own and its session snapshot's) into strings. */
function reviveDates(update: SessionUpdateDoc): SessionUpdateDoc {
  const session = update.session;
  return {
    ...update,
    at: new Date(update.at),
    session: session && {
      ...session,
      createdAt: new Date(session.createdAt),
      updatedAt: new Date(session.updatedAt),
      lease: session.lease && { ...session.lease, until: new Date(session.lease.until) },
    },
  };
}
