/**
 * DataLoaders for per-session connections (a session's messages, its tool calls).
 * A key is a session and its page arguments. Keys whose page arguments are equal
 * (`sessions { messages(last: 3) }` asks the same page of every session) go to the
 * store as one batched read; a key with page arguments of its own (a cursor is
 * per-session) is read alone with the plain single-session query, which costs one
 * round trip where the batched read costs two.
 */
import DataLoader from 'dataloader';
import type { KeysetPage, SessionSeries } from './pages.js';

export interface PageKey {
  sessionId: string;
  page: KeysetPage<number>;
}

/** The DataLoaders of one series (a session's messages, or its tool calls). */
export interface SeriesLoaders<T> {
  /** A page of a session's items (a connection's page). */
  page: DataLoader<PageKey, T[], string>;
  /** How many items a session has (a connection's totalCount). */
  count: DataLoader<string, number>;
}

/**
 * Both loaders are made on first use. They share what a batched read tells: it also
 * says how many items each range holds, which for a page without cursors is the
 * total, so totalCount costs no query of its own.
 */
export class LazySeriesLoaders<T> implements SeriesLoaders<T> {
  private pageLoader?: DataLoader<PageKey, T[], string>;
  private countLoader?: DataLoader<string, number>;

  constructor(private readonly series: SessionSeries<T>) {}

  get count(): DataLoader<string, number> {
    this.countLoader ??= new DataLoader((ids) => this.series.countsOf(ids));
    return this.countLoader;
  }

  get page(): DataLoader<PageKey, T[], string> {
    this.pageLoader ??= createPageLoader(this.series, this.count);
    return this.pageLoader;
  }
}

/** Page arguments as a string: equal strings, equal pages. */
export function pageArgsKey(page: KeysetPage<number>): string {
  return JSON.stringify([
    page.after ?? null,
    page.before ?? null,
    page.limit,
    page.fromEnd ?? false,
  ]);
}

function createPageLoader<T>(
  series: SessionSeries<T>,
  counts: DataLoader<string, number>,
): DataLoader<PageKey, T[], string> {
  return new DataLoader<PageKey, T[], string>(
    async (keys) => {
      const groups = new Map<string, number[]>();
      keys.forEach((key, i) => {
        const args = pageArgsKey(key.page);
        groups.set(args, [...(groups.get(args) ?? []), i]);
      });
      const results: (T[] | Error)[] = new Array(keys.length);
      await Promise.all(
        [...groups.values()].map(async (indexes) => {
          try {
            await loadGroup(series, counts, keys, indexes, results);
          } catch (error) {
            // Only this group's keys fail; the other groups keep their results.
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const i of indexes) results[i] = failure;
          }
        }),
      );
      return results;
    },
    { cacheKeyFn: (key) => `${key.sessionId}\u0000${pageArgsKey(key.page)}` },
  );
}

async function loadGroup<T>(
  series: SessionSeries<T>,
  counts: DataLoader<string, number>,
  keys: readonly PageKey[],
  indexes: number[],
  results: (T[] | Error)[],
): Promise<void> {
  const page = keys[indexes[0]!]!.page;
  if (indexes.length === 1) {
    const i = indexes[0]!;
    results[i] = await series.list(keys[i]!.sessionId, page);
    return;
  }
  const pages = await series.pagesOf(
    indexes.map((i) => keys[i]!.sessionId),
    page,
  );
  const whole = page.after == null && page.before == null;
  indexes.forEach((i, j) => {
    const { items, inRange } = pages[j]!;
    results[i] = items;
    // prime() leaves a count that is already loaded (or loading) alone.
    if (whole) counts.prime(keys[i]!.sessionId, inRange);
  });
}
