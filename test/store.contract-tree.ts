/** Store contract: the history as a tree (parents, the active leaf, branches, copies). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.js';
import { at, message, session } from './store.fixtures.js';

export function treeContract(get: () => Store): void {
  describe('message tree', () => {
    const leafOf = async (id: string) => (await get().getSession(id))?.activeLeafId;

    it('chains appended messages under the active leaf, which each of them becomes', async () => {
      await get().ensureSession(session('s1'));
      const m1 = await get().appendMessage(message('s1', 't1', 'one', at(1)));
      const m2 = await get().appendMessage(message('s1', 't1', 'two', at(2)));
      expect([m1.parentId, m2.parentId]).toEqual([null, m1._id]);
      expect(await leafOf('s1')).toBe(m2._id);
      expect((await get().getSession('s1'))?.branched ?? false).toBe(false);
    });

    it('forks beside a message, marks the session branched, and lists the nodes in seq order', async () => {
      await get().ensureSession(session('s1'));
      const m1 = await get().appendMessage(message('s1', 't1', 'one', at(1)));
      const m2 = await get().appendMessage(message('s1', 't1', 'two', at(2)));
      const m3 = await get().appendMessage({
        ...message('s1', 't2', 'two again', at(3)),
        role: 'AGENT',
        parentId: m1._id,
        forks: true,
      });
      expect(m3).toMatchObject({ seq: 3, parentId: m1._id });
      const s1 = await get().getSession('s1');
      expect(s1).toMatchObject({ activeLeafId: m3._id, branched: true, messageCount: 3 });
      expect(await get().tree.nodes('s1')).toEqual([
        { _id: m1._id, seq: 1, role: 'USER', parentId: null },
        { _id: m2._id, seq: 2, role: 'USER', parentId: m1._id },
        { _id: m3._id, seq: 3, role: 'AGENT', parentId: m1._id },
      ]);
      const found = await get().tree.byIds([m3._id, 'missing', m1._id]);
      expect(found.map((m) => m._id).sort()).toEqual([m1._id, m3._id].sort());
      expect(found.find((m) => m._id === m3._id)?.content).toBe('two again');
    });

    it('moves the active leaf; a missing session answers null', async () => {
      await get().ensureSession(session('s1'));
      const m1 = await get().appendMessage(message('s1', 't1', 'one', at(1)));
      await get().appendMessage(message('s1', 't1', 'two', at(2)));
      const moved = await get().tree.setActiveLeaf('s1', m1._id, at(5));
      expect(moved).toMatchObject({ activeLeafId: m1._id, updatedAt: at(5) });
      expect(await get().tree.setActiveLeaf('nope', m1._id, at(5))).toBeNull();
      // The next message follows the branch in view.
      const m3 = await get().appendMessage(message('s1', 't2', 'three', at(6)));
      expect(m3.parentId).toBe(m1._id);
    });

    it('stores a copy: its messages, then the session', async () => {
      await get().ensureSession(session('s1'));
      const m1 = await get().appendMessage(message('s1', 't1', 'one', at(1)));
      const { session: base } = await get().ensureSession(session('tmp'));
      const copy = { ...base, _id: 'copy', messageCount: 1, activeLeafId: 'c1' };
      await get().tree.insertCopy(copy, [{ ...m1, _id: 'c1', sessionId: 'copy', parentId: null }]);
      expect(await get().getSession('copy')).toMatchObject({ messageCount: 1, activeLeafId: 'c1' });
      expect((await get().messages.list('copy', { limit: 5 })).map((m) => m.content)).toEqual([
        'one',
      ]);
      await expect(get().tree.insertCopy(copy, [])).rejects.toThrow();
    });
  });
}
