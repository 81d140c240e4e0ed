/**
 * Store contract: SESSION_MAX_SESSIONS is a per-user limit. One user's flood of new
 * sessions prunes that user's oldest, never another user's (issue 11, case 5).
 */
import { describe, expect, it } from 'vitest';
import type { PruneRules, Store } from '../src/store/store.js';
import { at, message, session } from './store.fixtures.js';

export function perUserPruneContract(get: () => Store): void {
  describe('pruning per user', () => {
    /** A session of `userId` with one message; its updatedAt is `minutes`. */
    async function seed(userId: string, id: string, minutes: number): Promise<void> {
      await get().ensureSession(session(id, { userId, now: at(0) }));
      await get().appendMessage(message(id, 't', 'hello', at(minutes)));
    }
    /** The pruned sessions' ids, sorted; each was reported with its owner. */
    const prune = async (rules: PruneRules) => {
      const removed = await get().pruneSessions(rules);
      for (const r of removed) expect(r.userId).toBe(r.id.startsWith('a') ? 'alice' : 'bob');
      return removed.map((r) => r.id).sort();
    };
    const idsOf = async (userId: string) =>
      (await get().listSessions({ userId }, { limit: 50 })).map((s) => s._id);

    /** alice: 2 old sessions; bob: 6 newer ones (his flood). */
    async function aliceThenBobsFlood(): Promise<void> {
      await seed('alice', 'a1', 1);
      await seed('alice', 'a2', 2);
      for (let n = 1; n <= 6; n++) await seed('bob', `b${n}`, 10 + n);
    }

    it("keeps each user's newest maxSessions: bob's flood prunes only bob's oldest", async () => {
      await aliceThenBobsFlood();
      const removed = await prune({ ttlHours: 0, maxSessions: 3, now: at(0) });
      expect(removed).toEqual(['b1', 'b2', 'b3']);
      expect(await idsOf('alice')).toEqual(['a2', 'a1']);
      expect(await idsOf('bob')).toEqual(['b6', 'b5', 'b4']);
      expect(await get().messages.count('b1')).toBe(0);
      expect(await prune({ ttlHours: 0, maxSessions: 3, now: at(0) })).toEqual([]);
    });

    it('with userId, looks at that user only (the auto-pruner after their turn)', async () => {
      await aliceThenBobsFlood();
      await seed('alice', 'a3', 3);
      const rules = { ttlHours: 0, maxSessions: 2, now: at(0) };
      expect(await prune({ ...rules, userId: 'bob' })).toEqual(['b1', 'b2', 'b3', 'b4']);
      expect(await idsOf('alice')).toEqual(['a3', 'a2', 'a1']);
      expect(await prune({ ...rules, userId: 'carol' })).toEqual([]);
      expect(await prune({ ...rules, userId: 'alice' })).toEqual(['a1']);
      expect(await idsOf('bob')).toEqual(['b6', 'b5']);
    });

    it('the TTL rule stays global, and with userId applies to that user only', async () => {
      await aliceThenBobsFlood();
      const now = at(24 * 60 + 12); // cutoff (ttl 24 h) at minute 12
      const bobs = await prune({ ttlHours: 24, maxSessions: 0, now, userId: 'bob' });
      expect(bobs).toEqual(['b1']);
      expect(await idsOf('alice')).toEqual(['a2', 'a1']);
      const all = await prune({ ttlHours: 24, maxSessions: 0, now });
      expect(all).toEqual(['a1', 'a2']);
      expect(await idsOf('bob')).toEqual(['b6', 'b5', 'b4', 'b3', 'b2']);
    });
  });
}
