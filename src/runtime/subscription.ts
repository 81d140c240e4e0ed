/**
 * One subscriber's view of a session's events: optional replay from the event log,
 * then live events, in seq order, never a gap or a duplicate.
 *
 * Memory stays bounded whatever the subscriber does. Live events wait in a buffer
 * of `bufferLimit`; when it overflows the buffer is dropped and the subscriber
 * catches up from the event log (every event is stored before it is published), so a
 * burst never costs a reader that keeps reading anything. A subscriber that is behind
 * and takes nothing for `stallMs` is cut off: its last item says `lagged`, and it can
 * resume with afterSeq. Gaps (a message lost between instances) are filled from the
 * log the same way.
 */
import type { Store } from '../store/store.js';
import type { EventBus } from './bus.js';
import type { SessionEvent } from './events.js';

export type SubscriptionItem =
  | { kind: 'event'; event: SessionEvent }
  | { kind: 'lagged'; lastSeq: number; bufferLimit: number };

export interface SubscribeOptions {
  store: Store;
  bus: EventBus;
  sessionId: string;
  /** Absent: live events only. n: every stored event with seq > n first. */
  afterSeq?: number | null;
  bufferLimit: number;
  stallMs: number;
  /** Events read from the log per round trip when catching up. */
  pageSize?: number;
}

export async function subscribeToSession(
  opts: SubscribeOptions,
): Promise<AsyncIterableIterator<SubscriptionItem>> {
  const subscription = new SessionSubscription(opts);
  // Subscribe before reading the log, so nothing published meanwhile slips between them.
  await subscription.start();
  return subscription;
}

interface Waiter {
  resolve(result: IteratorResult<SubscriptionItem>): void;
  reject(error: unknown): void;
}

class SessionSubscription implements AsyncIterableIterator<SubscriptionItem> {
  private live: SessionEvent[] = [];
  private fromLog: SessionEvent[] = [];
  /** The log holds events this subscriber has not seen and the buffer does not. */
  private behind: boolean;
  private lastSeq: number | null;
  private lagged = false;
  private finished = false;
  /** A consumer's next() waiting for an item; it is not stalling meanwhile. */
  private waiter: Waiter | undefined;
  /** A page of the log is being read (one at a time). */
  private reading = false;
  private stallTimer: NodeJS.Timeout | undefined;
  /** Items handed to the consumer so far: the stall timer's measure of progress. */
  private taken = 0;
  private unsubscribe: () => void = () => {};
  private readonly pageSize: number;

  constructor(private readonly opts: SubscribeOptions) {
    this.lastSeq = opts.afterSeq ?? null;
    this.behind = this.lastSeq !== null;
    this.pageSize = opts.pageSize ?? 500;
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.opts.bus.subscribe(this.opts.sessionId, (e) => this.onEvent(e));
  }

  private onEvent(event: SessionEvent): void {
    if (this.finished || this.lagged) return;
    // A live-only subscription starts at the first event it hears.
    this.lastSeq ??= event.seq - 1;
    if (this.live.length < this.opts.bufferLimit) {
      this.live.push(event);
    } else {
      this.live = [];
      this.behind = true;
      if (!this.waiter) this.armStallTimer();
    }
    this.serveWaiter();
  }

  /**
   * One timer per stall period, not one per item taken (a fast reader takes thousands a
   * second): when it fires, a consumer that took something since it was armed, or is
   * waiting on us, gets another period. So a stalled one is cut off after stallMs to
   * twice that.
   */
  private armStallTimer(): void {
    if (this.stallTimer) return;
    const takenBefore = this.taken;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.finished || this.waiter) return;
      if (this.taken !== takenBefore) {
        if (this.behind || this.live.length > 0) this.armStallTimer();
        return;
      }
      this.lagged = true;
      this.live = [];
      this.unsubscribe(); // nothing more is kept for it
      this.serveWaiter();
    }, this.opts.stallMs);
  }

  next(): Promise<IteratorResult<SubscriptionItem>> {
    const ready = this.takeReady();
    // The hot path: an item at hand is handed over without awaiting anything.
    if (ready !== undefined) return Promise.resolve(this.handOver(ready));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.serveWaiter();
    });
  }

  /**
   * Answers a waiting next() once it can: called on every change (an event, a page
   * read, a lag, the end). A live event reaches a waiting consumer directly from the
   * bus's call, without a round of promise jobs in between.
   */
  private serveWaiter(): void {
    const waiter = this.waiter;
    if (!waiter || this.reading) return;
    const item = this.takeReady();
    if (item !== undefined) {
      this.waiter = undefined;
      waiter.resolve(this.handOver(item));
    } else if (this.behind) {
      this.reading = true;
      this.readLogPage().then(
        () => {
          this.reading = false;
          this.serveWaiter();
        },
        (error: unknown) => {
          this.reading = false;
          this.waiter = undefined;
          waiter.reject(error);
        },
      );
    }
  }

  private handOver(item: SubscriptionItem | null): IteratorResult<SubscriptionItem> {
    if (!item) return this.close();
    this.taken++;
    if (this.behind || this.live.length > 0) this.armStallTimer();
    return { value: item, done: false };
  }

  /** The next item if one is at hand, null at the end, undefined if it must wait or read. */
  private takeReady(): SubscriptionItem | null | undefined {
    for (;;) {
      if (this.finished) return null;
      if (this.lagged) {
        this.finished = true;
        return { kind: 'lagged', lastSeq: this.lastSeq ?? 0, bufferLimit: this.opts.bufferLimit };
      }
      const event = this.fromLog.shift() ?? (this.behind ? undefined : this.live.shift());
      if (!event) return undefined;
      if (this.lastSeq !== null && event.seq <= this.lastSeq) continue; // seen already
      if (this.lastSeq !== null && event.seq > this.lastSeq + 1) {
        this.live.unshift(event); // a gap: read what is missing from the log first
        this.behind = true;
        continue;
      }
      this.lastSeq = event.seq;
      return { kind: 'event', event };
    }
  }

  private async readLogPage(): Promise<void> {
    const { store, sessionId } = this.opts;
    const page = await store.readEvents(sessionId, this.lastSeq ?? 0, this.pageSize);
    this.fromLog = page;
    // A short page means the log is exhausted: the live buffer takes over.
    this.behind = page.length === this.pageSize;
  }

  async return(): Promise<IteratorResult<SubscriptionItem>> {
    return this.close();
  }

  private close(): IteratorResult<SubscriptionItem> {
    this.finished = true;
    clearTimeout(this.stallTimer);
    this.unsubscribe();
    this.live = [];
    this.fromLog = [];
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve({ value: undefined, done: true });
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SubscriptionItem> {
    return this;
  }
}
