/**
 * One turn's events, from the first to its DoneEvent, and the only way events reach
 * the event log and the bus: a running turn's, and the DoneEvent that closes the turn
 * of a dead instance (orphans.ts). The turn numbers its events from the session's next
 * seq (it holds the lease), stamps them, stores them and only then publishes them: an
 * event is never published before it is stored, so replay + live can neither miss nor
 * repeat one. Writes are group-committed: while one insertMany is in flight, new
 * events gather and go out together in the next one, so a fast token stream costs a
 * few round trips, not one per token, and a slow database batches more instead of
 * queueing.
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
 * - once retries are over the writes fail for good, and the turn ends with its
 *   DoneEvent at the next seq that is stored (see done()), never skipping one.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SessionDoc, TokenUsage } from '../../model/documents.js';
import type { EventBody, RunningTurnBody, SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { EventBus } from '../fanout/bus.js';
import { TurnRecord } from './record.js';

/** Where a session's events go: stored in its event log, then published on the bus. */
export interface EventLog {
  store: Store;
  bus: EventBus;
  /**
   * Told each DoneEvent with the session as the turn's end left it (null: gone), just
   * before it is published: the viewer feed records the change without reading it back.
   */
  onSettled?: (event: SessionEvent, session: SessionDoc | null) => void;
}

export interface TurnIds {
  sessionId: string;
  turnId: string;
  /** The session's incarnation, stamped on every event. */
  incarnation: string | undefined;
}

export type DoneBody = Extract<EventBody, { type: 'done' }>;

/** What done() settled: the DoneEvent as stored, and the session after the turn. */
export interface TurnEnded {
  event: SessionEvent;
  session: SessionDoc | null;
}

/** Pauses between attempts: quick at first (a blip), then about a second. */
const BACKOFF_MS = [50, 100, 250, 500, 1000];

export class Turn {
  readonly sessionId: string;
  readonly turnId: string;
  /** What the turn emitted, for its ending: reply, usage, tool calls. */
  readonly record: TurnRecord;
  private readonly incarnation: string | undefined;
  /** The seq the next event gets; undefined until the turn holds the lease. */
  private seq: number | undefined;
  private pending: SessionEvent[] = [];
  private inFlight: Promise<void> | null = null;
  private failure: unknown = null;

  /** `retryForMs`: how long a failed write is retried before the turn's writes fail for good. */
  constructor(
    private readonly log: EventLog,
    ids: TurnIds,
    private readonly retryForMs: number,
  ) {
    ({ sessionId: this.sessionId, turnId: this.turnId, incarnation: this.incarnation } = ids);
    this.record = new TurnRecord(this.sessionId, this.turnId);
  }

  /** The turn holds the session's lease: its events are numbered from `firstSeq`. */
  begin(firstSeq: number): this {
    this.seq = firstSeq;
    return this;
  }

  /** The seq the turn's next event gets (undefined before begin). */
  get nextSeq(): number | undefined {
    return this.seq;
  }

  /** Stamps and queues an event; throws the storage error once writes have failed for good. */
  emit(body: RunningTurnBody): void {
    const event = this.stamp(body);
    this.record.observe(event);
    if (this.failure) throw this.failure;
    this.pending.push(event);
    this.inFlight ??= this.drain();
  }

  /** Resolves when everything emitted so far is stored and published; rejects on a storage error. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.failure) throw this.failure;
  }

  /**
   * Ends the turn: its DoneEvent stored after every event before it (after writes that
   * failed for good, at the next free seq), then the session settled in one update
   * (the usage credited, its nextSeq, the lease released when it is this turn's), and
   * only then published, so a subscriber that sees it can read the finished session.
   * `at` stamps the DoneEvent and the session update (now by default). Resolves with
   * the DoneEvent as stored and the session as the update left it (null if gone).
   */
  async done(body: DoneBody, usage: TokenUsage, at?: Date): Promise<TurnEnded> {
    const event = this.stamp(body, at);
    while (this.inFlight) await this.inFlight;
    if (this.failure) {
      event.seq = (await this.log.store.lastEventSeq(this.sessionId)) + 1;
      this.failure = null;
    }
    this.pending.push(event);
    await this.storeWithRetries(this.takePending());
    const now = at ?? new Date();
    const session = await this.log.store.finishTurn(this.sessionId, this.turnId, {
      usage,
      nextSeq: event.seq + 1,
      now,
    });
    this.log.onSettled?.(event, session);
    this.log.bus.publish(event);
    return { event, session };
  }

  private stamp(body: EventBody, at = new Date()): SessionEvent {
    if (this.seq === undefined) throw new Error('a turn emits once it holds the lease');
    const { sessionId, turnId, incarnation } = this;
    return { ...body, seq: this.seq++, sessionId, turnId, at, incarnation } as SessionEvent;
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
        for (const event of batch) this.log.bus.publish(event);
      }
    } catch (error) {
      this.failure = error;
      this.pending = [];
    } finally {
      this.inFlight = null;
    }
  }

  private async storeWithRetries(batch: SessionEvent[]): Promise<void> {
    const giveUpAt = Date.now() + this.retryForMs;
    let rest: SessionEvent[] = batch;
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0) rest = await this.unstoredPart(rest);
        await this.log.store.appendEvents(rest);
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
    const { store } = this.log;
    const stored = await store.readEvents(this.sessionId, first.seq - 1, batch.length);
    const mine = new Set(stored.filter((e) => e.turnId === this.turnId).map((e) => e.seq));
    const rest = batch.filter((event) => !mine.has(event.seq));
    if (stored.every((e) => e.turnId === this.turnId)) return rest;
    let next = (await store.lastEventSeq(this.sessionId)) + 1;
    // Not yet published, so nobody else holds these objects: renumber them in place.
    for (const event of [...rest, ...this.pending]) event.seq = next++;
    this.seq = next;
    return rest;
  }
}
