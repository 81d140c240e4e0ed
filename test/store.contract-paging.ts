/** Store contract: keyset paging of sessions and messages (see KeysetPage in store.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionDoc } from '../src/model/documents.js';
import type { SessionKey, Store } from '../src/store/store.js';
import { at, message, session } from './store.fixtures.js';

const key = (s: SessionDoc): SessionKey => ({ updatedAt: s.updatedAt, id: s._id });
const ids = (sessions: SessionDoc[]) => sessions.map((s) => s._id);

export function pagingContract(get: () => Store): void {
  describe('sessions, newest first', () => {
    let byId: Record<string, SessionDoc>;
    const list = (page: Parameters<Store['listSessions']>[1], projectId?: string | null) =>
      get().listSessions({ userId: 'u1', projectId }, page);

    beforeEach(async () => {
      const store = get();
      // Listing order: d (5), c (3), b (3: ties break by _id descending), e (2), a (1).
      const times = { a: 1, b: 3, c: 3, d: 5, e: 2 };
      byId = {};
      for (const [id, minutes] of Object.entries(times)) {
        const projectId = id === 'b' || id === 'd' ? 'p' : null;
        byId[id] = (
          await store.ensureSession(session(id, { now: at(minutes), projectId }))
        ).session;
      }
      await store.ensureSession(session('x', { userId: 'u2', now: at(9) }));
    });

    it('lists newest updatedAt first, _id breaking ties', async () => {
      expect(ids(await list({ limit: 10 }))).toEqual(['d', 'c', 'b', 'e', 'a']);
      expect(await list({ limit: 1 })).toEqual([byId.d]);
      expect(await list({ limit: 0 })).toEqual([]);
    });

    it('pages forward with after', async () => {
      expect(ids(await list({ limit: 2 }))).toEqual(['d', 'c']);
      expect(ids(await list({ after: key(byId.c!), limit: 2 }))).toEqual(['b', 'e']);
      expect(ids(await list({ after: key(byId.e!), limit: 2 }))).toEqual(['a']);
      expect(ids(await list({ after: key(byId.a!), limit: 2 }))).toEqual([]);
      expect(ids(await list({ after: key(byId.d!), before: key(byId.e!), limit: 5 }))).toEqual([
        'c',
        'b',
      ]);
    });

    it('pages backward with before and fromEnd, nearest to the end first', async () => {
      expect(ids(await list({ limit: 2, fromEnd: true }))).toEqual(['a', 'e']);
      expect(ids(await list({ before: key(byId.e!), limit: 2, fromEnd: true }))).toEqual([
        'b',
        'c',
      ]);
      expect(ids(await list({ before: key(byId.c!), limit: 2, fromEnd: true }))).toEqual(['d']);
      expect(ids(await list({ before: key(byId.b!), limit: 5 }))).toEqual(['d', 'c']);
    });

    it('filters by project and counts', async () => {
      expect(ids(await list({ limit: 10 }, 'p'))).toEqual(['d', 'b']);
      expect(ids(await list({ after: key(byId.d!), limit: 10 }, 'p'))).toEqual(['b']);
      expect(ids(await list({ limit: 10 }, null))).toHaveLength(5);
      expect(await get().countSessions({ userId: 'u1' })).toBe(5);
      expect(await get().countSessions({ userId: 'u1', projectId: 'p' })).toBe(2);
      expect(await get().countSessions({ userId: 'u1', projectId: 'none' })).toBe(0);
    });

    it("never shows another user's sessions", async () => {
      expect(ids(await get().listSessions({ userId: 'u2' }, { limit: 10 }))).toEqual(['x']);
      expect(await get().countSessions({ userId: 'u2' })).toBe(1);
      expect(await get().listSessions({ userId: 'nobody' }, { limit: 10 })).toEqual([]);
    });

    it('moves a session to the front when it gets a message', async () => {
      await get().appendMessage(message('a', 't1', 'hello', at(7)));
      expect(ids(await list({ limit: 10 }))).toEqual(['a', 'd', 'c', 'b', 'e']);
    });
  });

  describe('messages, by seq', () => {
    beforeEach(async () => {
      await get().ensureSession(session('s1'));
      for (let i = 1; i <= 5; i++) await get().appendMessage(message('s1', 't1', `m${i}`, at(i)));
    });
    const seqs = async (page: Parameters<Store['messages']['list']>[1]) =>
      (await get().messages.list('s1', page)).map((m) => m.seq);

    it('pages forward', async () => {
      expect(await seqs({ limit: 2 })).toEqual([1, 2]);
      expect(await seqs({ after: 2, limit: 2 })).toEqual([3, 4]);
      expect(await seqs({ after: 4, limit: 2 })).toEqual([5]);
      expect(await seqs({ after: 1, before: 4, limit: 10 })).toEqual([2, 3]);
      expect(await seqs({ before: 3, limit: 10 })).toEqual([1, 2]);
    });

    it('pages backward from the end', async () => {
      expect(await seqs({ limit: 2, fromEnd: true })).toEqual([5, 4]);
      expect(await seqs({ before: 4, limit: 2, fromEnd: true })).toEqual([3, 2]);
      expect(await seqs({ before: 2, limit: 2, fromEnd: true })).toEqual([1]);
      expect(await seqs({ limit: 0, fromEnd: true })).toEqual([]);
    });

    it('lists nothing for a session without messages', async () => {
      expect(await get().messages.list('other', { limit: 10 })).toEqual([]);
    });
  });
}
