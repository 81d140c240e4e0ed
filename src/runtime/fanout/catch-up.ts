/**
 * How a subscriber that is behind reads the event log: a page at a time from its last
 * seq, telling the retention horizon (older events pruned: skip to the first stored)
 * from a hole (events never stored: look again a few times a second, then give up with
 * a `gap`, instead of polling forever).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { EventSequence } from './event-sequence.js';

/** How often a subscriber looks again at a hole in the log before it gives up. */
const HOLE_POLL_MS = 100;

export type CatchUpStep =
  /** Events after `lastSeq` (moved on past the retention horizon if need be). */
  | { kind: 'page'; events: SessionEvent[]; lastSeq: number | null; exhausted: boolean }
  /** A hole that may still fill (an insert in flight): read again. */
  | { kind: 'hole' }
  /** Events lastSeq+1 .. nextSeq-1 are missing from the log and will not come. */
  | { kind: 'gap'; lastSeq: number; nextSeq: number };

export class LogCatchUp {
  /** When the log hole at lastSeq+1 was first seen. */
  private holeSince: number | undefined;

  private readonly store: Store;
  private readonly sessionId: string;
  private readonly pageSize: number;
  /** A hole that stays this long is a gap. */
  private readonly stallMs: number;

  constructor(opts: { store: Store; sessionId: string; pageSize?: number; stallMs: number }) {
    this.store = opts.store;
    this.sessionId = opts.sessionId;
    this.pageSize = opts.pageSize ?? 500;
    this.stallMs = opts.stallMs;
  }

  /** Reads the next page into `events`; a gap, when that is what it found, is returned. */
  async readInto(
    events: EventSequence,
  ): Promise<Extract<CatchUpStep, { kind: 'gap' }> | undefined> {
    const step = await this.read(events.lastSeq);
    if (step.kind === 'gap') return step;
    if (step.kind === 'hole') events.behind = true;
    else events.page(step.events, step.lastSeq, step.exhausted);
    return undefined;
  }

  async read(lastSeq: number | null): Promise<CatchUpStep> {
    const page = await this.store.readEvents(this.sessionId, lastSeq ?? 0, this.pageSize);
    const first = page[0];
    const skips = first !== undefined && lastSeq !== null && first.seq > lastSeq + 1;
    if (skips && (await this.isHole(lastSeq))) {
      this.holeSince ??= Date.now();
      if (Date.now() - this.holeSince >= this.stallMs) {
        return { kind: 'gap', lastSeq, nextSeq: first.seq };
      }
      await delay(HOLE_POLL_MS);
      return { kind: 'hole' };
    }
    this.holeSince = undefined;
    // A first page that starts later is the retention horizon: older events were pruned.
    // A short page means the log is exhausted: the live buffer takes over.
    const from = skips ? first.seq - 1 : lastSeq;
    return { kind: 'page', events: page, lastSeq: from, exhausted: page.length < this.pageSize };
  }

  /**
   * Whether missing events after lastSeq are a hole rather than the retention horizon:
   * pruning removes the oldest events first, so while the event at lastSeq is still
   * stored, what follows it was never stored.
   */
  private async isHole(lastSeq: number): Promise<boolean> {
    if (this.holeSince !== undefined) return true;
    if (lastSeq === 0) return false;
    const [last] = await this.store.readEvents(this.sessionId, lastSeq - 1, 1);
    return last?.seq === lastSeq;
  }
}
