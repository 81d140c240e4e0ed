/**
 * Writes a turn's events to the event log, then publishes them: an event is never
 * published before it is stored, so replay + live can neither miss nor repeat one.
 * Writes are group-committed: while one insertMany is in flight, new events gather
 * and go out together in the next one, so a fast token stream costs a few round
 * trips, not one per token, and a slow database batches more instead of queueing.
 *
 * The log stays gapless whatever a write runs into ("seq from 1, no gaps"):
 * - a failed write (the database restarting, a connection cut) is retried for up to
 *   `retryForMs`; an ordered insertMany cut off midway stored a prefix of the batch,
 *   so each retry first looks which of the batch's seqs hold this turn's events and
 *   sends only the rest. Later events wait behind the batch, so nothing is ever
 *   stored after a missing event;
 * - seqs found taken by another turn (on FerretDB 1.x two instances can both win a
 *   session's lease, its findAndModify not being atomic across connections; the
 *   unique (sessionId, seq) index is what still holds) renumber this turn's unstored
 *   events after the session's last stored one, and the turn numbers on from there;
 * - once retries are over the writer fails, and the turn ends with its DoneEvent at
 *   the next seq that is stored (storeLast), never skipping one.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { EventBus } from '../fanout/bus.js';

export interface EventLogWriterOptions {
  /** How long a failed batch is retried before the writer gives up. */
  retryForMs: number;
  onPublished?: (event: SessionEvent) => void;
  /** Events were renumbered: the turn's next event gets this seq. */
  onRenumbered?: (nextSeq: number) => void;
}

/** Pauses between attempts: quick at first (a blip), then about a second. */
const BACKOFF_MS = [50, 100, 250, 500, 1000];

export class EventLogWriter {
  private pending: SessionEvent[] = [];
  private inFlight: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly options: EventLogWriterOptions,
  ) {}

  /** Queues an event; throws the storage error once a write has failed for good. */
  write(event: SessionEvent): void {
    if (this.failure) throw this.failure;
    this.pending.push(event);
    this.inFlight ??= this.drain();
  }

  /** Resolves when everything written so far is stored and published; rejects on a storage error. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.failure) throw this.failure;
  }

  /**
   * Stores the turn's last event (the DoneEvent) after everything before it, with the
   * same retries, without publishing it (the caller does, once the turn is settled).
   * After a failed writer it takes the next free seq. Resolves with it as stored.
   */
  async storeLast(event: SessionEvent): Promise<SessionEvent> {
    while (this.inFlight) await this.inFlight;
    if (this.failure) {
      event.seq = (await this.store.lastEventSeq(event.sessionId)) + 1;
      this.failure = null;
    }
    this.pending.push(event);
    await this.storeWithRetries(this.takePending());
    return event;
  }

  private takePending(): SessionEvent[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  private async drain(): Promise<void> {
    // Let the agent's synchronous burst of emits gather before the first write.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch = this.takePending();
        await this.storeWithRetries(batch);
        for (const event of batch) {
          this.bus.publish(event);
          this.options.onPublished?.(event);
        }
      }
    } catch (error) {
      this.failure = error;
      this.pending = [];
    } finally {
      this.inFlight = null;
    }
  }

  private async storeWithRetries(batch: SessionEvent[]): Promise<void> {
    const giveUpAt = Date.now() + this.options.retryForMs;
    let rest: SessionEvent[] = batch;
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0) rest = await this.unstoredPart(rest);
        await this.store.appendEvents(rest);
        return;
      } catch (error) {
        if (Date.now() >= giveUpAt) throw error;
        await delay(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]);
      }
    }
  }

  /**
   * After a failed attempt: the events of `batch` that are not stored yet. When some of
   * their seqs hold another turn's events, those (and everything still pending) move
   * to after the session's last stored event.
   */
  private async unstoredPart(batch: SessionEvent[]): Promise<SessionEvent[]> {
    const first = batch[0];
    if (!first) return batch;
    const { sessionId, turnId } = first;
    const stored = await this.store.readEvents(sessionId, first.seq - 1, batch.length);
    const mine = new Set(stored.filter((e) => e.turnId === turnId).map((e) => e.seq));
    const rest = batch.filter((event) => !mine.has(event.seq));
    if (stored.every((e) => e.turnId === turnId)) return rest;
    let next = (await this.store.lastEventSeq(sessionId)) + 1;
    // Not yet published, so nobody else holds these objects: renumber them in place.
    for (const event of [...rest, ...this.pending]) event.seq = next++;
    this.options.onRenumbered?.(next);
    return rest;
  }
}
