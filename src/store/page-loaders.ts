/**
 * DataLoaders for per-session connections (a session's messages, its tool calls).
 * A key is a session and its page arguments. Keys whose page arguments are equal
 * (`sessions { messages(last: 3) }` asks the same page of every session) go to the
 * store as one batched read; a key with page arguments of its own (a cursor is
 * per-session) is read alone with the plain single-session query, which costs one
 * round trip where the batched read costs two.
 */
import DataLoader from 'dataloader';
import type { KeysetPage, SessionPage } from './store.js';

export interface PageKey {
  sessionId: string;
  page: KeysetPage<number>;
}

export interface PageLoaderSource<T> {
  pagesOf(sessionIds: readonly string[], page: KeysetPage<number>): Promise<SessionPage<T>[]>;
  pageOf(sessionId: string, page: KeysetPage<number>): Promise<T[]>;
  /**
   * The session's total-count loader: a batched read also tells how many items each
   * range holds, which for a page without cursors is the total, so totalCount costs
   * no query of its own.
   */
  counts?: DataLoader<string, number>;
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

export function createPageLoader<T>(source: PageLoaderSource<T>): DataLoader<PageKey, T[], string> {
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
            await loadGroup(source, keys, indexes, results);
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
  source: PageLoaderSource<T>,
  keys: readonly PageKey[],
  indexes: number[],
  results: (T[] | Error)[],
): Promise<void> {
  const page = keys[indexes[0]!]!.page;
  if (indexes.length === 1) {
    const i = indexes[0]!;
    results[i] = await source.pageOf(keys[i]!.sessionId, page);
    return;
  }
  const pages = await source.pagesOf(
    indexes.map((i) => keys[i]!.sessionId),
    page,
  );
  const whole = page.after == null && page.before == null;
  indexes.forEach((i, j) => {
    const { items, inRange } = pages[j]!;
    results[i] = items;
    // prime() leaves a count that is already loaded (or loading) alone.
    if (whole) source.counts?.prime(keys[i]!.sessionId, inRange);
  });
}
