/**
 * The in-memory audit log: the same chaining, paging and pruning as MongoAuditLog
 * (both extend ChainedAuditLog), for tests and for running without MongoDB.
 */

import type { KeysetPage } from '../store/store.js';
import { type AuditEntry, type AuditFilter, ChainedAuditLog, sessionResource } from './log.js';

export function matchesAuditFilter(e: AuditEntry, f: AuditFilter): boolean {
  return (
    (f.actor == null || e.actor === f.actor) &&
    (f.action == null || e.action === f.action) &&
    (f.sessionId == null || e.resource === sessionResource(f.sessionId)) &&
    (f.from == null || e.at.getTime() >= f.from.getTime()) &&
    (f.to == null || e.at.getTime() < f.to.getTime())
  );
}

/** Copies in and out, so no caller can change a stored entry by holding a reference. */
const copy = (e: AuditEntry): AuditEntry => structuredClone(e);

export class MemoryAuditLog extends ChainedAuditLog {
  /**
   * Entries by seq, in ascending seq order (appends only ever add the next seq).
   * Public so tests can tamper with stored entries, as they do through the raw
   * MongoDB collection.
   */
  readonly entries = new Map<number, AuditEntry>();
  /** The highest seq inserted, so an append does not scan the whole trail. */
  private top = 0;

  async init(): Promise<void> {}

  async list(filter: AuditFilter, page: KeysetPage<number>): Promise<AuditEntry[]> {
    if (page.limit <= 0) return [];
    const inRange = [...this.entries.values()].filter(
      (e) =>
        (page.after == null || e.seq > page.after) &&
        (page.before == null || e.seq < page.before) &&
        matchesAuditFilter(e, filter),
    );
    const ordered = page.fromEnd ? inRange.reverse() : inRange;
    return ordered.slice(0, page.limit).map(copy);
  }

  async count(filter: AuditFilter): Promise<number> {
    let n = 0;
    for (const e of this.entries.values()) if (matchesAuditFilter(e, filter)) n += 1;
    return n;
  }

  async readRange(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const e of this.entries.values()) {
      if (out.length >= limit) break;
      if (e.seq > afterSeq) out.push(copy(e));
    }
    return out;
  }

  protected async last(): Promise<AuditEntry | null> {
    const top = this.entries.get(this.top);
    if (top) return copy(top);
    // Only when the top entry was removed behind our back (a test tampering): scan.
    let last: AuditEntry | null = null;
    for (const e of this.entries.values()) if (!last || e.seq > last.seq) last = e;
    return last && copy(last);
  }

  protected async tryInsertMany(entries: readonly AuditEntry[]): Promise<number> {
    let inserted = 0;
    for (const entry of entries) {
      if (this.entries.has(entry.seq)) break;
      this.entries.set(entry.seq, copy(entry));
      this.top = Math.max(this.top, entry.seq);
      inserted += 1;
    }
    return inserted;
  }

  protected async newestBefore(before: Date): Promise<AuditEntry | null> {
    let found: AuditEntry | null = null;
    for (const e of this.entries.values()) {
      if (e.at.getTime() < before.getTime() && (!found || e.seq > found.seq)) found = e;
    }
    return found && copy(found);
  }

  protected async firstSeq(): Promise<number | null> {
    let first: number | null = null;
    for (const seq of this.entries.keys()) if (first === null || seq < first) first = seq;
    return first;
  }

  protected async deleteBelow(seq: number): Promise<number> {
    let n = 0;
    for (const key of [...this.entries.keys()]) {
      if (key < seq) {
        this.entries.delete(key);
        n += 1;
      }
    }
    return n;
  }
}
