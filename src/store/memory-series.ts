/**
 * The in-memory store's per-session series (messages, tool calls): each session's
 * items in seq order, paged exactly as the MongoDB store pages them. An item crosses
 * the boundary as it would from a database: each item is copied and frozen once when
 * stored, then handed out as it is (a read copies nothing; a caller's write to it
 * throws rather than changing the stored item).
 */
import { frozenCopy } from '../lib/deep-freeze.js';
import { pageOf } from './keyset.js';
import type { KeysetPage, SessionPage, SessionSeries } from './pages.js';

const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
const versusSeq = (item: { seq: number }, key: number) => item.seq - key;

export class MemorySeries<T extends { sessionId: string; seq: number }>
  implements SessionSeries<T>
{
  private readonly bySession = new Map<string, T[]>();

  /** Stores frozen copies of the items (returned, in the order given); each session's stay in seq order. */
  insert(items: readonly T[]): T[] {
    const unsorted = new Set<T[]>();
    const stored = items.map((item) => {
      const list = this.bySession.get(item.sessionId) ?? [];
      this.bySession.set(item.sessionId, list);
      // Items almost always arrive in seq order: then there is nothing to sort.
      if (item.seq < (list.at(-1)?.seq ?? 0)) unsorted.add(list);
      const frozen = frozenCopy(item);
      list.push(frozen);
      return frozen;
    });
    for (const list of unsorted) list.sort(bySeq);
    return stored;
  }

  remove(sessionId: string): void {
    this.bySession.delete(sessionId);
  }

  /** Every stored item (the store's own reads across sessions), frozen. */
  all(): T[] {
    return [...this.bySession.values()].flat();
  }

  async list(sessionId: string, page: KeysetPage<number>): Promise<T[]> {
    return pageOf(this.of(sessionId), page, versusSeq);
  }

  async count(sessionId: string): Promise<number> {
    return this.of(sessionId).length;
  }

  async pagesOf(
    sessionIds: readonly string[],
    page: KeysetPage<number>,
  ): Promise<SessionPage<T>[]> {
    const range = { after: page.after, before: page.before, limit: Number.POSITIVE_INFINITY };
    return sessionIds.map((id) => ({
      items: pageOf(this.of(id), page, versusSeq),
      inRange: pageOf(this.of(id), range, versusSeq).length,
    }));
  }

  async countsOf(sessionIds: readonly string[]): Promise<number[]> {
    return sessionIds.map((id) => this.of(id).length);
  }

  private of(sessionId: string): readonly T[] {
    return this.bySession.get(sessionId) ?? [];
  }
}
