/**
 * Store contract: the batched reads behind the DataLoaders. Whatever each store does
 * to batch them, a batch must answer exactly what the single-session reads answer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { KeysetPage, Store } from '../src/store/store.js';
import { at, message, session, toolCall } from './store.fixtures.js';

/** Every kind of page a connection asks for: forward, backward, cut by cursors, empty. */
export const PAGES: KeysetPage<number>[] = [
  { limit: 2 },
  { limit: 2, fromEnd: true },
  { limit: 4, fromEnd: true },
  { limit: 100 },
  { limit: 100, fromEnd: true },
  { after: 2, limit: 2 },
  { after: 3, limit: 100, fromEnd: true },
  { before: 5, limit: 2, fromEnd: true },
  { after: 1, before: 6, limit: 100 },
  { after: 1, before: 6, limit: 2, fromEnd: true },
  { limit: 0 },
];

/** The ids asked for: out of order, with a duplicate, one without items and one missing. */
const IDS = ['d', 'a', 'c', 'missing', 'b', 'a'];

const inRange = (seqs: number[], page: KeysetPage<number>) =>
  seqs.filter(
    (s) => (page.after == null || s > page.after) && (page.before == null || s < page.before),
  ).length;

export function batchContract(get: () => Store): void {
  describe('batched pages and counts', () => {
    const messageSeqs: Record<string, number[]> = {
      a: [1, 2, 3, 4, 5],
      b: [1],
      d: [1, 2, 3, 4, 5, 6, 7],
    };
    const toolCallSeqs: Record<string, number[]> = {
      a: [3, 4, 9, 20],
      b: [2],
      d: [2, 5, 6, 8, 11, 12],
    };

    beforeEach(async () => {
      const store = get();
      for (const id of ['a', 'b', 'c', 'd']) await store.ensureSession(session(id));
      for (const [id, seqs] of Object.entries(messageSeqs)) {
        for (const seq of seqs)
          await store.appendMessage(message(id, `t${seq}`, `m${seq}`, at(seq)));
      }
      // In turn order, several sessions in one call, and (a: 4) out of seq order. Tool-call
      // _ids are `${turnId}:call${seq}`, so turn ids name their session.
      await store.insertToolCalls([toolCall('a', 'a1', 3), toolCall('d', 'd1', 2)]);
      await store.insertToolCalls([toolCall('a', 'a2', 9), toolCall('b', 'b1', 2)]);
      await store.insertToolCalls([toolCall('d', 'd2', 6), toolCall('d', 'd2', 5)]);
      await store.insertToolCalls([toolCall('a', 'a3', 20), toolCall('d', 'd3', 8)]);
      await store.insertToolCalls([toolCall('a', 'a1', 4)]);
      await store.insertToolCalls([toolCall('d', 'd4', 11), toolCall('d', 'd4', 12)]);
    });

    it('pages messages of several sessions exactly as one session at a time', async () => {
      const store = get();
      for (const page of PAGES) {
        const single = await Promise.all(IDS.map((id) => store.messages.list(id, page)));
        const batch = await store.messages.pagesOf(IDS, page);
        expect(
          batch.map((p) => p.items),
          JSON.stringify(page),
        ).toEqual(single);
        expect(batch.map((p) => p.inRange)).toEqual(
          IDS.map((id) => inRange(messageSeqs[id] ?? [], page)),
        );
      }
    });

    it('pages tool calls of several sessions exactly as one session at a time', async () => {
      const store = get();
      expect((await store.toolCalls.list('a', { limit: 10 })).map((c) => c.seq)).toEqual([
        3, 4, 9, 20,
      ]);
      for (const page of PAGES) {
        const single = await Promise.all(IDS.map((id) => store.toolCalls.list(id, page)));
        const batch = await store.toolCalls.pagesOf(IDS, page);
        expect(
          batch.map((p) => p.items),
          JSON.stringify(page),
        ).toEqual(single);
        expect(batch.map((p) => p.inRange)).toEqual(
          IDS.map((id) => inRange(toolCallSeqs[id] ?? [], page)),
        );
      }
      // The store's own bookkeeping never leaks into what it hands out.
      const [first] = await store.toolCalls.pagesOf(['a'], { limit: 1 });
      expect(first!.items).toEqual([toolCall('a', 'a1', 3)]);
      expect(await store.toolCallsOfTurns(['a1'])).toContainEqual(toolCall('a', 'a1', 4));
    });

    it('counts several sessions at once, in id order', async () => {
      const store = get();
      expect(await store.messages.countsOf(IDS)).toEqual([7, 5, 0, 0, 1, 5]);
      expect(await store.toolCalls.countsOf(IDS)).toEqual([6, 4, 0, 0, 1, 4]);
      expect(await store.messages.countsOf([])).toEqual([]);
      expect(await store.toolCalls.countsOf([])).toEqual([]);
      expect(await store.messages.pagesOf([], { limit: 3 })).toEqual([]);
      expect(await store.toolCalls.pagesOf([], { limit: 3 })).toEqual([]);
    });

    it('sees items added after an earlier batch', async () => {
      const store = get();
      const before = await store.messages.pagesOf(['a', 'b'], { limit: 2, fromEnd: true });
      await store.appendMessage(message('b', 't9', 'late', at(9)));
      await store.insertToolCalls([toolCall('b', 'b9', 30)]);
      const after = await store.messages.pagesOf(['a', 'b'], { limit: 2, fromEnd: true });
      expect(after[0]).toEqual(before[0]);
      expect(after[1]!.items.map((m) => m.content)).toEqual(['late', 'm1']);
      const calls = await store.toolCalls.pagesOf(['a', 'b'], { limit: 1, fromEnd: true });
      expect(calls.map((p) => p.items.map((c) => c.seq))).toEqual([[20], [30]]);
    });
  });
}
