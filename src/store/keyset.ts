/**
 * Keyset paging shared by both stores: the MongoDB filters and sorts, and the same
 * order as plain comparisons for the in-memory store, so both page identically.
 */
import type { Filter, Sort } from 'mongodb';
import type { MemoryDoc, SessionDoc } from '../model/documents.js';
import type { KeysetPage, MemoryKey, SessionKey } from './pages.js';

/** Newest first, `_id` descending breaking ties (as the indexes order sessions and memories). */
function newestFirst(aTime: Date, aId: string, bTime: Date, bId: string): number {
  const byTime = bTime.getTime() - aTime.getTime();
  if (byTime !== 0) return byTime;
  return aId < bId ? 1 : aId > bId ? -1 : 0;
}

/** Sessions newest `updatedAt` first. */
export function compareSessions(a: SessionDoc, b: SessionDoc): number {
  return newestFirst(a.updatedAt, a._id, b.updatedAt, b._id);
}

/** Where a session sits relative to a cursor key in the listing order: <0 before, >0 after. */
export function sessionVersusKey(s: SessionDoc, key: SessionKey): number {
  return newestFirst(s.updatedAt, s._id, key.updatedAt, key.id);
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

/** A cursor key of a newest-first listing: the time field's value and the id. */
type TimeKey = readonly [Date, string];

/** The MongoDB filters of a newest-first keyset page over `field`, then `_id`. */
function newestFirstFilter<D>(field: string, after?: TimeKey, before?: TimeKey): Filter<D>[] {
  const beyond = ([time, id]: TimeKey, op: '$lt' | '$gt') =>
    ({ $or: [{ [field]: { [op]: time } }, { [field]: time, _id: { [op]: id } }] }) as Filter<D>;
  return [...(after ? [beyond(after, '$lt')] : []), ...(before ? [beyond(before, '$gt')] : [])];
}

function newestFirstSort(field: string, fromEnd: boolean | undefined): Sort {
  const dir = fromEnd ? 1 : -1;
  return { [field]: dir, _id: dir };
}

const sessionKey = (k: SessionKey | null | undefined): TimeKey | undefined =>
  k ? [k.updatedAt, k.id] : undefined;

export function sessionPageFilter(page: KeysetPage<SessionKey>): Filter<SessionDoc>[] {
  return newestFirstFilter('updatedAt', sessionKey(page.after), sessionKey(page.before));
}

export function sessionPageSort(page: KeysetPage<SessionKey>): Sort {
  return newestFirstSort('updatedAt', page.fromEnd);
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

/** Memories newest `createdAt` first. */
export function compareMemories(a: MemoryDoc, b: MemoryDoc): number {
  return newestFirst(a.createdAt, a._id, b.createdAt, b._id);
}

export function memoryVersusKey(m: MemoryDoc, key: MemoryKey): number {
  return newestFirst(m.createdAt, m._id, key.createdAt, key.id);
}

const memoryKey = (k: MemoryKey | null | undefined): TimeKey | undefined =>
  k ? [k.createdAt, k.id] : undefined;

export function memoryPageFilter(page: KeysetPage<MemoryKey>): Filter<MemoryDoc>[] {
  return newestFirstFilter('createdAt', memoryKey(page.after), memoryKey(page.before));
}

export function memoryPageSort(page: KeysetPage<MemoryKey>): Sort {
  return newestFirstSort('createdAt', page.fromEnd);
}
