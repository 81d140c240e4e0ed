/**
 * The MongoDB store's per-session series (messages, tool calls): a single-session
 * page is one indexed query on (sessionId, seq); the batched forms are in
 * mongo-pages.ts.
 */
import type { Collection, Filter } from 'mongodb';
import { seqPageFilter, seqPageSort } from './keyset.js';
import { countsOf, pagesOf, type Ranked, type RankedCollection } from './mongo-pages.js';
import type { KeysetPage, SessionPage, SessionSeries } from './pages.js';

export class MongoSeries<T extends Ranked> implements SessionSeries<T>, RankedCollection<T> {
  constructor(
    readonly collection: Collection<T>,
    /** The field that numbers the session's items in seq order (see mongo-pages.ts). */
    readonly rank: 'seq' | 'ordinal',
    /** Applied to every read (hides store-internal fields). */
    readonly projection?: Record<string, 0>,
  ) {}

  async list(sessionId: string, page: KeysetPage<number>): Promise<T[]> {
    if (page.limit <= 0) return [];
    const filter = { sessionId, ...seqPageFilter(page) } as Filter<T>;
    const docs = await this.collection
      .find(filter, { projection: this.projection })
      .sort(seqPageSort(page))
      .limit(page.limit)
      .toArray();
    return docs as T[];
  }

  count(sessionId: string): Promise<number> {
    return this.collection.countDocuments({ sessionId } as Filter<T>);
  }

  pagesOf(sessionIds: readonly string[], page: KeysetPage<number>): Promise<SessionPage<T>[]> {
    return pagesOf(this, sessionIds, page);
  }

  countsOf(sessionIds: readonly string[]): Promise<number[]> {
    return countsOf(this.collection, sessionIds);
  }
}
