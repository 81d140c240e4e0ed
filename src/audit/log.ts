/**
 * The audit trail's storage (docs/architecture.md, "Audit trail"): one interface, a MongoDB and an
 * in-memory implementation that share the chaining and pruning below, so both behave
 * alike and pass one contract suite (test/audit-log.contract.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SerialQueue } from '../lib/keyed-queue.js';
import type { KeysetPage } from '../store/store.js';
import {
  type ChainedEntry,
  computeHash,
  GENESIS,
  normalizeDetail,
  PRUNE_ACTION,
  type PruneDetail,
} from './chain.js';

/** One entry; in MongoDB `_id` holds `seq`, unique, so two writers cannot both take a seq. */
export type AuditEntry = ChainedEntry;

export type NewAuditEntry = Pick<AuditEntry, 'at' | 'actor' | 'action' | 'detail' | 'resource'>;

/** All given conditions must hold. `from` is inclusive, `to` exclusive. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Entries about this session: resource `session:<id>`. */
  sessionId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditLog {
  /** Ensures indexes; call once at start-up. */
  init(): Promise<void>;
  /** Chains the entry after the current last one (seq + 1, prevHash = its hash). */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Entries matching the filter, by seq ascending (descending with fromEnd). */
  list(filter: AuditFilter, page: KeysetPage<number>): Promise<AuditEntry[]>;
  count(filter: AuditFilter): Promise<number>;
  /** Entries with seq > afterSeq, ascending, at most `limit`: verify streams through these. */
  readRange(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Deletes entries older than `before` but keeps an anchor (see ChainedAuditLog.prune). */
  prune(before: Date): Promise<number>;
}

/** Every stored entry in seq order, read in batches so memory stays bounded. */
export async function* scanAuditLog(log: AuditLog, batchSize = 500): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const batch = await log.readRange(after, batchSize);
    yield* batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1]!.seq;
  }
}

/** The resource string of a session; AuditFilter.sessionId matches it. */
export const sessionResource = (sessionId: string) => `session:${sessionId}`;

const MAX_APPEND_ATTEMPTS = 25;

/**
 * Append and prune over a few storage primitives. Appends from this process go through
 * one promise queue (so an instance never races itself); against other instances the
 * unique seq decides: the loser of a race re-reads the last entry and tries again.
 */
export abstract class ChainedAuditLog implements AuditLog {
  private readonly appends = new SerialQueue();

  /** `now` stamps the AUDIT_PRUNE entries (a test clock may replace it). */
  constructor(protected readonly now: () => Date = () => new Date()) {}

  abstract init(): Promise<void>;
  abstract list(filter: AuditFilter, page: KeysetPage<number>): Promise<AuditEntry[]>;
  abstract count(filter: AuditFilter): Promise<number>;
  abstract readRange(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** The entry with the highest seq, or null when the trail is empty. */
  protected abstract last(): Promise<AuditEntry | null>;
  /** Inserts under a unique seq; false when that seq is already taken. */
  protected abstract tryInsert(entry: AuditEntry): Promise<boolean>;
  /** The highest-seq entry with at < before. */
  protected abstract newestBefore(before: Date): Promise<AuditEntry | null>;
  /** The lowest seq stored, or null when empty. */
  protected abstract firstSeq(): Promise<number | null>;
  protected abstract deleteBelow(seq: number): Promise<number>;

  append(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.appends.run(() => this.appendNow(entry));
  }

  private async appendNow(input: NewAuditEntry): Promise<AuditEntry> {
    const detail = normalizeDetail(input.detail);
    for (let attempt = 1; ; attempt++) {
      const last = await this.last();
      const fields = {
        seq: (last?.seq ?? 0) + 1,
        at: new Date(input.at.getTime()),
        actor: input.actor,
        action: input.action,
        detail,
        resource: input.resource,
        prevHash: last?.hash ?? GENESIS,
      };
      const entry: AuditEntry = { ...fields, hash: computeHash(fields) };
      if (await this.tryInsert(entry)) return entry;
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        throw new Error(`audit append lost ${attempt} races for the next seq; giving up`);
      }
      // Another instance took the seq: back off a little, with jitter so two losers
      // do not collide again in lockstep.
      await sleep(Math.random() * Math.min(2 ** attempt, 50));
    }
  }

  /**
   * Pruning that keeps the chain verifiable: the newest entry older than `before`
   * stays as the anchor and everything below its seq goes. First an AUDIT_PRUNE entry
   * recording the anchor's seq and hash is appended (before deleting, so a crash in
   * between only leaves extra entries that still verify); verifyEntries accepts a
   * head that does not link to genesis only when such an entry vouches for it, and
   * still checks the anchor's own hash and every later link. Entries are cut by seq,
   * so one with a skewed clock (`at` out of seq order) may go with its older neighbours.
   */
  async prune(before: Date): Promise<number> {
    const anchor = await this.newestBefore(before);
    const first = await this.firstSeq();
    if (!anchor || first === null || anchor.seq <= first) return 0;
    const detail: PruneDetail = {
      before: before.toISOString(),
      anchorSeq: anchor.seq,
      anchorHash: anchor.hash,
    };
    await this.append({
      at: this.now(),
      actor: 'system',
      action: PRUNE_ACTION,
      detail,
      resource: 'audit',
    });
    return this.deleteBelow(anchor.seq);
  }
}
