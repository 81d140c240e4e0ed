/**
 * One subscriber's view of a session's events: optional replay from the event log,
 * then live events, in seq order, never a gap or a duplicate, in bounded memory
 * (docs/architecture.md, "Turn and event guarantees"). Live events wait in a buffer of
 * `bufferLimit`; past it the subscriber catches up from the log. One that is behind and
 * takes nothing for `stallMs` ends with `lagged`; a hole in the log that stays that
 * long ends it with `gap`; when its incarnation of the session is gone, `gone`.
 * The parts: the order of events (event-sequence.ts), reading the log (catch-up.ts),
 * the incarnation (incarnation.ts), stalls (stall-watch.ts); here the consumer's side.
 */
import { Waiters } from '../../lib/waiters.js';
import type { SessionEvent } from '../../model/events.js';
import type { SessionListener } from './bus.js';
import { LogCatchUp } from './catch-up.js';
import { Consumer, type DirectTaker, type ItemSource } from './consumer.js';
import { EventSequence } from './event-sequence.js';
import { type IncarnationHost, IncarnationWatch } from './incarnation.js';
import { type StallHost, StallWatch } from './stall-watch.js';
import type { SubscribeOptions, SubscriptionItem } from './subscription-types.js';

export type { SubscribeOptions, SubscriptionItem } from './subscription-types.js';

export async function subscribeToSession(
  opts: SubscribeOptions,
): Promise<AsyncIterableIterator<SubscriptionItem>> {
  const subscription = new SessionSubscription(opts);
  // Subscribe before reading the log, so nothing published meanwhile slips between them.
  await subscription.start();
  return subscription;
}

class SessionSubscription
  implements
    AsyncIterableIterator<SubscriptionItem>,
    SessionListener,
    IncarnationHost,
    StallHost,
    ItemSource<SubscriptionItem>
{
  private readonly events: EventSequence;
  private lagged = false;
  private finished = false;
  private readonly watch: IncarnationWatch;
  /** Made when first behind: most subscriptions never read the log. */
  private catchUp: LogCatchUp | undefined;
  private finalItem: SubscriptionItem | null = null;
  /** A next() waiting, and a direct taker; a consumer waiting is not stalling meanwhile. */
  private readonly consumer = new Consumer<SubscriptionItem>(this);
  /** A page of the log is being read (one at a time). */
  private reading = false;
  private readonly stall: StallWatch;
  /** Callers of delivered() waiting for the consumer to take everything. */
  private readonly deliveredWaiters = new Waiters();
  private unsubscribe: () => void = () => {};

  constructor(private readonly opts: SubscribeOptions) {
    this.events = new EventSequence(opts.afterSeq, opts.bufferLimit);
    this.watch = new IncarnationWatch(opts.store, opts.sessionId, opts, this);
    this.stall = new StallWatch(opts.stallMs, this);
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.opts.bus.subscribe(this.opts.sessionId, this);
  }

  /** From now on what `taker` takes of the items never goes through next() (consumer.ts). */
  takeDirectly(taker: DirectTaker<SubscriptionItem>): void {
    this.consumer.takeDirectly(taker);
  }

  /** SessionListener: the session was deleted somewhere; is ours gone? */
  ended(): void {
    this.watch.ended();
  }

  /** SessionListener: publications may have been lost; read the log from lastSeq. */
  resync(): void {
    // A live-only subscriber that has seen nothing has no position to read from.
    if (this.finished || this.lagged || this.events.lastSeq === null) return;
    this.events.behind = true;
    this.serveWaiter();
  }

  /**
   * SessionListener: resolves once the consumer has taken every item it was given and
   * is waiting for more (so whatever it does with an item is done), or the subscription
   * is over. Graceful shutdown waits for it before closing the sockets.
   */
  delivered(): Promise<void> {
    return this.isDelivered() ? Promise.resolve() : this.deliveredWaiters.wait();
  }

  private isDelivered(): boolean {
    return this.finished || (this.consumer.waiting && !this.reading && !this.watch.checking);
  }

  private notifyDelivered(): void {
    if (this.isDelivered()) this.deliveredWaiters.release();
  }

  /** IncarnationHost: ended already, nothing to look up. */
  isOver(): boolean {
    return this.finished || this.finalItem !== null;
  }

  /** IncarnationHost: the incarnation followed is gone. */
  sessionGone(): void {
    this.end({ kind: 'gone', sessionId: this.opts.sessionId });
  }

  /** IncarnationHost: a look-up found nothing to end for. */
  sessionLookedUp(): void {
    this.serveWaiter();
  }

  /** Ends with a final item: nothing more is kept or delivered. */
  private end(item: SubscriptionItem): void {
    if (this.isOver()) return;
    this.finalItem = item;
    this.events.clear();
    this.unsubscribe();
    this.serveWaiter();
  }

  /** SessionListener: a live event. */
  event(event: SessionEvent): void {
    if (this.finished || this.lagged || this.finalItem) return;
    if (!this.events.push(event) && !this.consumer.waiting) this.stall.arm();
    this.serveWaiter();
  }

  /** StallHost: over, or a consumer is waiting on us. */
  waitingOrOver(): boolean {
    return this.finished || this.consumer.waiting;
  }

  /** StallHost: items wait for the consumer. */
  hasPending(): boolean {
    return this.events.pending;
  }

  /** StallHost: cut off; nothing more is kept for it. */
  stalled(): void {
    this.lagged = true;
    this.events.clear();
    this.unsubscribe();
    this.serveWaiter();
  }

  next(): Promise<IteratorResult<SubscriptionItem>> {
    const ready = this.takeReady();
    // The hot path: an item at hand is handed over without awaiting anything.
    if (ready !== undefined) return Promise.resolve(this.handOver(ready));
    const next = this.consumer.wait();
    this.serveWaiter();
    return next;
  }

  /**
   * Answers a waiting next() once it can: called on every change (an event, a page
   * read, a lag, the end). A live event reaches a waiting consumer directly from the
   * bus's call, without a round of promise jobs in between.
   */
  serveWaiter(): void {
    if (!this.consumer.waiting || this.reading || this.watch.checking) return;
    if (this.consumer.serve()) return;
    if (this.events.behind) {
      this.reading = true;
      this.readLogPage().then(
        () => {
          this.reading = false;
          this.serveWaiter();
        },
        (error: unknown) => {
          this.reading = false;
          this.consumer.reject(error);
        },
      );
    } else {
      this.notifyDelivered();
    }
  }

  handOver(item: SubscriptionItem | null): IteratorResult<SubscriptionItem> {
    if (!item) return this.close();
    this.tookOne();
    return { value: item, done: false };
  }

  tookOne(): void {
    this.stall.took();
    if (this.events.pending) this.stall.arm();
  }

  /** The next item if one is at hand, null at the end, undefined if it must wait or read. */
  takeReady(): SubscriptionItem | null | undefined {
    for (;;) {
      if (this.finished) return null;
      if (this.finalItem) {
        this.finished = true;
        return this.finalItem;
      }
      if (this.lagged) {
        this.finished = true;
        const lastSeq = this.events.lastSeq ?? 0;
        return { kind: 'lagged', lastSeq, bufferLimit: this.opts.bufferLimit };
      }
      const event = this.events.take();
      if (!event) return undefined;
      // Another incarnation's event is never delivered, but it holds its seq (the log is
      // numbered across incarnations), so it moves the position on like one of ours.
      if (!this.watch.follows(event)) continue;
      return { kind: 'event', event };
    }
  }

  private async readLogPage(): Promise<void> {
    this.catchUp ??= new LogCatchUp(this.opts);
    const gap = await this.catchUp.readInto(this.events);
    if (gap) this.end(gap);
  }

  async return(): Promise<IteratorResult<SubscriptionItem>> {
    return this.close();
  }

  private close(): IteratorResult<SubscriptionItem> {
    this.finished = true;
    this.stall.stop();
    this.unsubscribe();
    this.events.clear();
    this.consumer.resolve({ value: undefined, done: true });
    this.notifyDelivered();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SubscriptionItem> {
    return this;
  }
}
