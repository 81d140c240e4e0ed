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
  /** Chains the entries, in order, after the current last one: one write when nobody races it. */
  appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]>;
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
 * one promise queue (so an instance never races itself) and chain after the head this
 * process last wrote, kept in memory, so an append is one insert, not a read and an
 * insert. Against other instances the unique seq decides: a batch that runs into a
 * taken seq keeps the part stored before it, re-reads the last entry and chains the
 * rest after it, so the chain never forks.
 */
export abstract class ChainedAuditLog implements AuditLog {
  private readonly appends = new SerialQueue();
  /** The last entry this process wrote or read; undefined: read it from storage. */
  private head: AuditEntry | null | undefined;

  /** `now` stamps the AUDIT_PRUNE entries (a test clock may replace it). */
  constructor(protected readonly now: () => Date = () => new Date()) {}

  abstract init(): Promise<void>;
  abstract list(filter: AuditFilter, page: KeysetPage<number>): Promise<AuditEntry[]>;
  abstract count(filter: AuditFilter): Promise<number>;
  abstract readRange(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** The entry with the highest seq, or null when the trail is empty. */
  protected abstract last(): Promise<AuditEntry | null>;
  /**
   * Inserts the entries in order, each under a unique seq; returns how many were
   * stored before the first whose seq was already taken (all of them: none was).
   */
  protected abstract tryInsertMany(entries: readonly AuditEntry[]): Promise<number>;
  /** The highest-seq entry with at < before. */
  protected abstract newestBefore(before: Date): Promise<AuditEntry | null>;
  /** The lowest seq stored, or null when empty. */
  protected abstract firstSeq(): Promise<number | null>;
  protected abstract deleteBelow(seq: number): Promise<number>;

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const [appended] = await this.appendMany([entry]);
    return appended!;
  }

  appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.appends.run(() => this.appendNow(entries));
  }

  private async appendNow(inputs: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    const stored: AuditEntry[] = [];
    let rest = inputs;
    for (let attempt = 1; ; attempt++) {
      if (this.head === undefined) this.head = await this.last();
      const chained = chainAfter(this.head, rest);
      const inserted = await this.tryInsertMany(chained).catch((err) => {
        this.head = undefined; // a write cut off midway may have stored a prefix
        throw err;
      });
      stored.push(...chained.slice(0, inserted));
      if (inserted === chained.length) {
        this.head = chained.at(-1)!;
        return stored;
      }
      // Another instance took the next seq: chain what is left after its entries.
      this.head = undefined;
      rest = rest.slice(inserted);
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        throw new Error(`audit append lost ${attempt} races for the next seq; giving up`);
      }
      // Back off a little, with jitter so two losers do not collide again in lockstep.
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

/** The entries as links of the chain after `head` (genesis when the trail is empty). */
function chainAfter(head: AuditEntry | null, inputs: readonly NewAuditEntry[]): AuditEntry[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS;
  return inputs.map((input) => {
    const fields = {
      seq: ++seq,
      at: new Date(input.at.getTime()),
      actor: input.actor,
      action: input.action,
      detail: normalizeDetail(input.detail),
      resource: input.resource,
      prevHash,
    };
    const entry: AuditEntry = { ...fields, hash: computeHash(fields) };
    prevHash = entry.hash;
    return entry;
  });
}
