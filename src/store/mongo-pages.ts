/**
 * Batched reads of several sessions' messages or tool calls, for the DataLoaders:
 * a page for each of N sessions, and counts, in a number of round trips that does
 * not grow with N.
 *
 * The natural one-query answer (a per-session top-N via `$group` + `$push` +
 * `$slice`, `$topN`, or `$setWindowFields`) does not run on FerretDB 1.24: its
 * `$group` knows only `$sum` and `$count` (no `$push`, `$min`, `$max`, `$first`),
 * computes only the first accumulator of a `$group` (the others come back 0), and
 * it lacks `$slice`, `$setWindowFields`, `$lookup`, `$unionWith` and `$facet`. So
 * a page takes two round trips, using each item's rank: a number that grows with
 * `seq` within a session and runs 1, 2, 3... (messages: `seq` itself, unique per
 * session; tool calls: the `ordinal` that mongo-tool-calls.ts maintains).
 *   1. One aggregation: per session, how many items the page's range holds (n).
 *   2. One find with a `$or` branch per session: the range, cut at the rank where the
 *      page ends if the ranks run without gaps (for the last k of n: rank > n - k).
 * Correctness does not rest on that guess: as rank grows with seq, a branch returns
 * the session's first (or last) items in order; when it returns at least the page's
 * size they are the page, and when it returns fewer (a gap in the ranks, left by a
 * crashed write) that session alone is read again with the plain single query.
 */
import type { Collection, Filter, Sort } from 'mongodb';
import { seqPageFilter } from './keyset.js';
import type { KeysetPage, SessionPage } from './pages.js';

export interface Ranked {
  sessionId: string;
  seq: number;
}

/** What a batched read needs of a series (MongoSeries). */
export interface RankedCollection<T extends Ranked> {
  collection: Collection<T>;
  /** The field that numbers the session's items in seq order (see above). */
  rank: 'seq' | 'ordinal';
  /** Applied to every read (hides store-internal fields). */
  projection?: Record<string, 0>;
  /** The single-session page query: the fallback for a session whose ranks have gaps. */
  list(sessionId: string, page: KeysetPage<number>): Promise<T[]>;
}

export async function pagesOf<T extends Ranked>(
  source: RankedCollection<T>,
  sessionIds: readonly string[],
  page: KeysetPage<number>,
): Promise<SessionPage<T>[]> {
  const ids = [...new Set(sessionIds)];
  if (ids.length === 0) return [];
  const range = seqPageFilter(page);
  const inRange = await countBySession(source.collection, ids, range);

  const branches = [...inRange]
    .filter(([, n]) => n > 0 && page.limit > 0)
    .map(([sessionId, n]) => branch(source, sessionId, n, page));
  const found = new Map<string, T[]>();
  if (branches.length > 0) {
    const dir = page.fromEnd ? -1 : 1;
    const docs = await source.collection
      .find({ $and: [range, { $or: branches }] } as Filter<T>, { projection: source.projection })
      .sort({ sessionId: 1, seq: dir } as Sort)
      // At most every item of the ranges.
      .batchSize(oneReply(sum([...inRange.values()])))
      .toArray();
    for (const doc of docs as T[]) push(found, doc.sessionId, doc);
  }

  const pages = new Map<string, SessionPage<T>>();
  await Promise.all(
    ids.map(async (id) => {
      const n = inRange.get(id) ?? 0;
      const got = found.get(id) ?? [];
      const complete = got.length >= Math.min(n, page.limit);
      const items = complete ? got.slice(0, page.limit) : await source.list(id, page);
      pages.set(id, { items, inRange: n });
    }),
  );
  return sessionIds.map((id) => pages.get(id)!);
}

/** The `$or` branch of one session: its range, cut at the rank where the page ends. */
function branch<T extends Ranked>(
  source: RankedCollection<T>,
  sessionId: string,
  n: number,
  page: KeysetPage<number>,
): Record<string, unknown> {
  if (page.limit >= n) return { sessionId };
  // The rank of the range's first item, if the ranks run without gaps: both count
  // from 1; after a cursor (a seq) the next seq, but no particular ordinal, so such a
  // range of tool calls is read whole (batched pages rarely have cursors: a cursor
  // belongs to one session, and DataLoader batches only equal page arguments).
  const first = source.rank === 'seq' ? (page.after ?? 0) + 1 : page.after == null ? 1 : null;
  if (first === null) return { sessionId };
  const bound = page.fromEnd ? { $gte: first + n - page.limit } : { $lte: first + page.limit - 1 };
  return { sessionId, [source.rank]: bound };
}

export async function countsOf<T extends Ranked>(
  collection: Collection<T>,
  sessionIds: readonly string[],
): Promise<number[]> {
  if (sessionIds.length === 0) return [];
  const counts = await countBySession(collection, [...new Set(sessionIds)], {});
  return sessionIds.map((id) => counts.get(id) ?? 0);
}

/** Items per session within a seq range, in one aggregation; sessions without any are absent. */
async function countBySession<T extends Ranked>(
  collection: Collection<T>,
  ids: string[],
  range: Record<string, unknown>,
): Promise<Map<string, number>> {
  const counts = await collection
    .aggregate<{ _id: string; n: number }>(
      [
        { $match: { sessionId: { $in: ids }, ...range } },
        // One accumulator only: FerretDB 1.24 leaves every further one at 0.
        { $group: { _id: '$sessionId', n: { $sum: 1 } } },
      ],
      { batchSize: oneReply(ids.length) },
    )
    .toArray();
  return new Map(counts.map((c) => [c._id, c.n]));
}

/**
 * A batch size that brings a result of at most `max` documents in the first reply
 * and ends the cursor there: a batch that is exactly full leaves the cursor open,
 * and the driver then spends a round trip on an empty getMore.
 */
export function oneReply(max: number): number {
  return max + 1;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
