/**
 * One subscriber's view of the viewer feed: the stored updates after its position,
 * then live ones, never a gap or a duplicate (as fanout/subscription.ts is for one
 * session's events, simpler: updates are few, and all of them are in the log).
 * Live updates are taken as they come while they follow on; anything else (a jump, a
 * full buffer, a resync, an update heard while the log was being read) sends the
 * subscriber back to the log, which it reads page by page as its consumer takes them,
 * so a slow consumer costs a bounded buffer.
 */
import type { SessionUpdateDoc } from '../../model/feed.js';
import { type FeedScope, positionIn, type Store } from '../../store/store.js';
import type { FeedBus } from './feed-bus.js';

const PAGE = 100;
/** A read that failed (the database is away) is tried again after this long. */
const RETRY_MS = 500;

export interface FeedSubscriptionOptions {
  store: Store;
  bus: FeedBus;
  scope: FeedScope;
  /** Deliver what follows this position; null: only what is stored from now on. */
  after: number | null;
  /** Live updates held for a consumer that is behind; past it, the log is read instead. */
  bufferLimit: number;
}

export async function subscribeToFeed(
  opts: FeedSubscriptionOptions,
): Promise<AsyncIterableIterator<SessionUpdateDoc>> {
  const subscription = new FeedSubscription(opts);
  await subscription.start();
  return subscription;
}

/** A plain iterator, not a generator: return() ends it at once, also while next() waits. */
class FeedSubscription implements AsyncIterableIterator<SessionUpdateDoc> {
  /** The highest position queued (or delivered). */
  private last = 0;
  private readonly queue: SessionUpdateDoc[] = [];
  /** The log may hold updates after `last` that are not queued: read it before going live. */
  private behind = true;
  private reading = false;
  /** Something was heard while the log was read: the read may have missed it. */
  private heardDuringRead = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private unsubscribe = () => {};

  constructor(private readonly opts: FeedSubscriptionOptions) {}

  async start(): Promise<void> {
    const { bus, scope, store, after } = this.opts;
    // Listening first: whatever is stored after the head read below is heard.
    this.unsubscribe = await bus.subscribe(scope, {
      update: (update) => this.heard(update),
      resync: () => this.resync(),
    });
    try {
      this.last = after ?? (await store.sessionUpdates.head(scope));
    } catch (err) {
      this.unsubscribe();
      throw err;
    }
  }

  private heard(update: SessionUpdateDoc): void {
    const position = positionIn(this.opts.scope, update);
    if (this.closed || position <= this.last) return;
    if (this.reading) this.heardDuringRead = true;
    else if (!this.behind && position === this.last + 1 && this.hasRoom()) {
      this.queue.push(update);
      this.last = position;
    } else this.behind = true;
    this.notify();
  }

  private resync(): void {
    this.behind = true;
    if (this.reading) this.heardDuringRead = true;
    this.notify();
  }

  private hasRoom(): boolean {
    return this.queue.length < this.opts.bufferLimit;
  }

  async next(): Promise<IteratorResult<SessionUpdateDoc>> {
    while (!this.closed) {
      const update = this.queue.shift();
      if (update) return { done: false, value: update };
      if (this.behind) await this.readLog();
      else await new Promise<void>((resolve) => this.waitFor(resolve));
    }
    return { done: true, value: undefined };
  }

  /** One page after `last`; live again only when it came up short and nothing was heard meanwhile. */
  private async readLog(): Promise<void> {
    const { store, scope } = this.opts;
    this.reading = true;
    this.heardDuringRead = false;
    try {
      const page = await store.sessionUpdates.after(scope, this.last, PAGE);
      for (const update of page) this.queue.push(update);
      if (page.length > 0) this.last = positionIn(scope, page[page.length - 1] as SessionUpdateDoc);
      this.behind = page.length === PAGE || this.heardDuringRead;
    } catch {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RETRY_MS);
        this.waitFor(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    } finally {
      this.reading = false;
    }
  }

  private waitFor(resolve: () => void): void {
    this.wake = resolve;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async return(): Promise<IteratorResult<SessionUpdateDoc>> {
    this.closed = true;
    this.unsubscribe();
    this.notify();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SessionUpdateDoc> {
    return this;
  }
}
