/**
 * One subscriber's events in order: live events wait in a buffer of `bufferLimit`, and
 * pages read from the event log come first while it is behind. Out comes every event
 * after `lastSeq` once, in seq order: a duplicate is skipped, and a gap (a message lost
 * between instances, an overflowed buffer) is read from the log first.
 */
import type { SessionEvent } from '../../model/events.js';

export class EventSequence {
  private live: SessionEvent[] = [];
  private fromLog: SessionEvent[] = [];
  /** The log holds events this subscriber has not seen and the buffer does not. */
  behind: boolean;
  /** The last seq handed out (or skipped); null until a live-only one hears an event. */
  lastSeq: number | null;

  constructor(
    afterSeq: number | null | undefined,
    private readonly bufferLimit: number,
  ) {
    this.lastSeq = afterSeq ?? null;
    this.behind = this.lastSeq !== null;
  }

  /** Events are waiting, here or in the log. */
  get pending(): boolean {
    return this.behind || this.live.length > 0;
  }

  /**
   * Buffers a live event. False when the buffer was full: it is dropped and the log
   * takes over (every event is stored before it is published).
   */
  push(event: SessionEvent): boolean {
    // A live-only subscription starts at the first event it hears.
    this.lastSeq ??= event.seq - 1;
    if (this.live.length < this.bufferLimit) {
      this.live.push(event);
      return true;
    }
    this.live = [];
    this.behind = true;
    return false;
  }

  /** The next event, or undefined when there is none at hand (or the log must be read). */
  take(): SessionEvent | undefined {
    for (;;) {
      const event = this.fromLog.shift() ?? (this.behind ? undefined : this.live.shift());
      if (!event) return undefined;
      if (this.lastSeq !== null && event.seq <= this.lastSeq) continue; // seen already
      if (this.lastSeq !== null && event.seq > this.lastSeq + 1) {
        this.live.unshift(event); // a gap: read what is missing from the log first
        this.behind = true;
        continue;
      }
      this.lastSeq = event.seq;
      return event;
    }
  }

  /** A page read from the log, after `lastSeq` (moved past the retention horizon). */
  page(events: SessionEvent[], lastSeq: number | null, exhausted: boolean): void {
    this.lastSeq = lastSeq;
    this.fromLog = events;
    // A short page means the log is exhausted: the live buffer takes over.
    this.behind = !exhausted;
  }

  /** Nothing more is kept. */
  clear(): void {
    this.live = [];
    this.fromLog = [];
  }
}
