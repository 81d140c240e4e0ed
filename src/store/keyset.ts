/**
 * Keyset paging shared by both stores: the MongoDB filters and sorts, and the same
 * order as plain comparisons for the in-memory store, so both page identically.
 */
import type { Filter, Sort } from 'mongodb';
import type { MemoryDoc, SessionDoc } from '../model/documents.js';
import type { KeysetPage, MemoryKey, SessionKey } from './pages.js';

/** Sessions newest first, `_id` descending breaking ties (as the index orders them). */
export function compareSessions(a: SessionDoc, b: SessionDoc): number {
  const byTime = b.updatedAt.getTime() - a.updatedAt.getTime();
  if (byTime !== 0) return byTime;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}

/** Where a session sits relative to a cursor key in the listing order: <0 before, >0 after. */
export function sessionVersusKey(s: SessionDoc, key: SessionKey): number {
  return compareSessions(s, { updatedAt: key.updatedAt, _id: key.id } as SessionDoc);
}

/** Applies a KeysetPage to items already sorted in listing order (in-memory store). */
export function pageOf<T, K>(
  sorted: readonly T[],
  page: KeysetPage<K>,
  versus: (item: T, key: K) => number,
): T[] {
  if (page.limit <= 0) return [];
  const { after, before } = page;
  const inRange = sorted.filter(
    (item) =>
      (after == null || versus(item, after) > 0) && (before == null || versus(item, before) < 0),
  );
  const ordered = page.fromEnd ? inRange.reverse() : inRange;
  return ordered.slice(0, page.limit);
}

export function sessionPageFilter(page: KeysetPage<SessionKey>): Filter<SessionDoc>[] {
  const clauses: Filter<SessionDoc>[] = [];
  if (page.after) {
    const { updatedAt, id } = page.after;
    clauses.push({ $or: [{ updatedAt: { $lt: updatedAt } }, { updatedAt, _id: { $lt: id } }] });
  }
  if (page.before) {
    const { updatedAt, id } = page.before;
    clauses.push({ $or: [{ updatedAt: { $gt: updatedAt } }, { updatedAt, _id: { $gt: id } }] });
  }
  return clauses;
}

export function sessionPageSort(page: KeysetPage<SessionKey>): Sort {
  const dir = page.fromEnd ? 1 : -1;
  return { updatedAt: dir, _id: dir };
}

/** `seq` bounds of a page over a per-session sequence (messages, tool calls). */
export function seqPageFilter(page: KeysetPage<number>): { seq?: { $gt?: number; $lt?: number } } {
  const seq: { $gt?: number; $lt?: number } = {};
  if (page.after != null) seq.$gt = page.after;
  if (page.before != null) seq.$lt = page.before;
  return Object.keys(seq).length > 0 ? { seq } : {};
}

export function seqPageSort(page: KeysetPage<number>): Sort {
  return { seq: page.fromEnd ? -1 : 1 };
}

/** Memories newest first, `_id` descending breaking ties (as the index orders them). */
export function compareMemories(a: MemoryDoc, b: MemoryDoc): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}

export function memoryVersusKey(m: MemoryDoc, key: MemoryKey): number {
  return compareMemories(m, { createdAt: key.createdAt, _id: key.id } as MemoryDoc);
}

export function memoryPageFilter(page: KeysetPage<MemoryKey>): Filter<MemoryDoc>[] {
  const clauses: Filter<MemoryDoc>[] = [];
  if (page.after) {
    const { createdAt, id } = page.after;
    clauses.push({ $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] });
  }
  if (page.before) {
    const { createdAt, id } = page.before;
    clauses.push({ $or: [{ createdAt: { $gt: createdAt } }, { createdAt, _id: { $gt: id } }] });
  }
  return clauses;
}

export function memoryPageSort(page: KeysetPage<MemoryKey>): Sort {
  const dir = page.fromEnd ? 1 : -1;
  return { createdAt: dir, _id: dir };
}
