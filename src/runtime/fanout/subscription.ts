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
 * log the same way; a hole in the log itself (events never stored) that stays for
 * `stallMs` ends the subscription with a `gap` item instead of polling forever.
 *
 * A subscription follows one incarnation of its session (SessionDoc.incarnation):
 * events of another (a new session that reuses a deleted id) are never delivered, and
 * when its own incarnation is gone (deleted or pruned) it ends with a `gone` item.
 */

import { setTimeout as delay } from 'node:timers/promises';
import type { SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { EventBus, SessionListener } from './bus.js';

export type SubscriptionItem =
  | { kind: 'event'; event: SessionEvent }
  | { kind: 'lagged'; lastSeq: number; bufferLimit: number }
  /** The session this subscription followed was deleted (its id may be in use again). */
  | { kind: 'gone'; sessionId: string }
  /** Events lastSeq+1 .. nextSeq-1 are missing from the event log and will not come. */
  | { kind: 'gap'; lastSeq: number; nextSeq: number };

/** How often a subscriber looks again at a hole in the log before it gives up. */
const HOLE_POLL_MS = 100;

export interface SubscribeOptions {
  store: Store;
  bus: EventBus;
  sessionId: string;
  /**
   * The incarnation of the session followed, as read when subscribing; undefined for a
   * session stored before incarnations existed. Ignored when `ahead`.
   */
  incarnation?: string;
  /** The session did not exist when subscribing: follow the first incarnation seen. */
  ahead?: boolean;
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

const incarnationOf = (event: SessionEvent) => event.incarnation ?? undefined;

class SessionSubscription implements AsyncIterableIterator<SubscriptionItem>, SessionListener {
  private live: SessionEvent[] = [];
  private fromLog: SessionEvent[] = [];
  /** The log holds events this subscriber has not seen and the buffer does not. */
  private behind: boolean;
  private lastSeq: number | null;
  private lagged = false;
  private finished = false;
  /** The incarnation followed; `known` is false until an ahead subscription sees one. */
  private incarnation: string | undefined;
  private known: boolean;
  /** Other incarnations' ids seen and found not to have replaced ours (leftovers). */
  private readonly stale = new Set<string | undefined>();
  /** The session is being looked up (after an end notice or a foreign event). */
  private checking = false;
  /** An end notice came during a look-up that may have read the session before it. */
  private checkAgain = false;
  private finalItem: SubscriptionItem | null = null;
  /** When the log hole at lastSeq+1 was first seen. */
  private holeSince: number | undefined;
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
    this.incarnation = opts.incarnation;
    this.known = !opts.ahead;
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.opts.bus.subscribe(this.opts.sessionId, this);
  }

  /** SessionListener: the session was deleted somewhere; is ours gone? */
  ended(): void {
    if (this.known) this.checkSession();
  }

  /** SessionListener: publications may have been lost; read the log from lastSeq. */
  resync(): void {
    // A live-only subscriber that has seen nothing has no position to read from.
    if (this.finished || this.lagged || this.lastSeq === null) return;
    this.behind = true;
    this.serveWaiter();
  }

  /**
   * Looks the session up: when its incarnation is no longer ours, the subscription ends
   * with `gone`; otherwise `foreign` (the incarnation of an event that made us look) is
   * a leftover of an older session and is not looked up again.
   */
  private checkSession(foreign?: { incarnation: string | undefined }): void {
    if (this.finished || this.finalItem) return;
    if (this.checking) {
      if (!foreign) this.checkAgain = true;
      return;
    }
    this.checking = true;
    const { store, sessionId } = this.opts;
    store.getSession(sessionId).then(
      (session) => {
        this.checking = false;
        if (!session || session.incarnation !== this.incarnation) {
          this.end({ kind: 'gone', sessionId });
        } else {
          if (foreign) this.stale.add(foreign.incarnation);
          if (this.checkAgain) {
            this.checkAgain = false;
            this.checkSession();
          }
          this.serveWaiter();
        }
      },
      () => {
        // Unreachable store: the next foreign event or end notice asks again.
        this.checking = false;
        this.serveWaiter();
      },
    );
  }

  /** Ends with a final item: nothing more is kept or delivered. */
  private end(item: SubscriptionItem): void {
    if (this.finished || this.finalItem) return;
    this.finalItem = item;
    this.live = [];
    this.fromLog = [];
    this.unsubscribe();
    this.serveWaiter();
  }

  /** SessionListener: a live event. */
  event(event: SessionEvent): void {
    if (this.finished || this.lagged || this.finalItem) return;
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
    if (!waiter || this.reading || this.checking) return;
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
      if (this.finalItem) {
        this.finished = true;
        return this.finalItem;
      }
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
      // Another incarnation's event is never delivered, but it holds its seq (the log is
      // numbered across incarnations), so it moves the position on like one of ours.
      this.lastSeq = event.seq;
      if (!this.follows(event)) continue;
      return { kind: 'event', event };
    }
  }

  /** Whether the event belongs to the incarnation followed; looks the session up if not. */
  private follows(event: SessionEvent): boolean {
    const incarnation = incarnationOf(event);
    if (!this.known) {
      this.known = true;
      this.incarnation = incarnation;
    }
    if (incarnation === this.incarnation) return true;
    if (!this.stale.has(incarnation)) this.checkSession({ incarnation });
    return false;
  }

  private async readLogPage(): Promise<void> {
    const { store, sessionId, stallMs } = this.opts;
    const page = await store.readEvents(sessionId, this.lastSeq ?? 0, this.pageSize);
    const first = page[0];
    if (first && this.lastSeq !== null && first.seq > this.lastSeq + 1 && (await this.isHole())) {
      // A hole in the log itself: events that were never stored. Look again a few
      // times a second (not in a loop), then tell the subscriber instead of waiting.
      this.holeSince ??= Date.now();
      if (Date.now() - this.holeSince >= stallMs) {
        this.end({ kind: 'gap', lastSeq: this.lastSeq, nextSeq: first.seq });
      } else {
        await delay(HOLE_POLL_MS);
        this.behind = true;
      }
      return;
    }
    this.holeSince = undefined;
    // A first page that starts later is the retention horizon: older events were pruned.
    if (first && this.lastSeq !== null && first.seq > this.lastSeq + 1)
      this.lastSeq = first.seq - 1;
    this.fromLog = page;
    // A short page means the log is exhausted: the live buffer takes over.
    this.behind = page.length === this.pageSize;
  }

  /**
   * Whether missing events after lastSeq are a hole rather than the retention horizon:
   * pruning removes the oldest events first, so while the event at lastSeq is still
   * stored, what follows it was never stored.
   */
  private async isHole(): Promise<boolean> {
    if (this.holeSince !== undefined) return true;
    const lastSeq = this.lastSeq ?? 0;
    if (lastSeq === 0) return false;
    const [last] = await this.opts.store.readEvents(this.opts.sessionId, lastSeq - 1, 1);
    return last?.seq === lastSeq;
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
