/** Store contract: users' long-term memories (the memory_store and memory_recall tools). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemoryDoc } from '../src/model/documents.js';
import type { MemoryFilter, Store } from '../src/store/store.js';
import { at } from './store.fixtures.js';

function memory(id: string, content: string, minute: number, userId = 'u1'): MemoryDoc {
  return { _id: id, userId, content, sessionId: 's1', turnId: 't1', createdAt: at(minute) };
}

export function memoryContract(get: () => Store): void {
  describe('memories', () => {
    let store: Store;
    const all = (userId = 'u1'): MemoryFilter => ({ userId, words: [] });
    const ids = (docs: MemoryDoc[]) => docs.map((d) => d._id);
    beforeEach(async () => {
      store = get();
      await store.memories.add(memory('m1', 'My cat is called Tom', 1));
      await store.memories.add(memory('m2', 'the dog is called Rex', 2));
      await store.memories.add(memory('m3', 'CAT food: salmon', 3));
      await store.memories.add(memory('m4', 'version a.b of the cat', 3));
      await store.memories.add(memory('x1', 'my cat is called Felix', 4, 'u2'));
    });

    it('lists a user’s memories newest first, in keyset pages', async () => {
      expect(ids(await store.memories.list(all(), { limit: 10 }))).toEqual([
        'm4',
        'm3',
        'm2',
        'm1',
      ]);
      const first = await store.memories.list(all(), { limit: 2 });
      const after = { createdAt: first[1]!.createdAt, id: first[1]!._id };
      expect(ids(await store.memories.list(all(), { after, limit: 10 }))).toEqual(['m2', 'm1']);
      const before = { createdAt: at(2), id: 'm2' };
      expect(ids(await store.memories.list(all(), { before, limit: 10 }))).toEqual(['m4', 'm3']);
      expect(ids(await store.memories.list(all(), { limit: 1, fromEnd: true }))).toEqual(['m1']);
      expect(await store.memories.list(all(), { limit: 0 })).toEqual([]);
      expect(await store.memories.count(all())).toBe(4);
    });

    it('matches every word, case-insensitively, as text (never a pattern)', async () => {
      const find = async (...words: string[]) =>
        ids(await store.memories.list({ userId: 'u1', words }, { limit: 10 }));
      expect(await find('cat')).toEqual(['m4', 'm3', 'm1']);
      expect(await find('CALLED', 'cat')).toEqual(['m1']);
      expect(await find('cat', 'rex')).toEqual([]);
      expect(await find('a.b')).toEqual(['m4']);
      expect(await find('a.c')).toEqual([]);
      expect(await find('(cat')).toEqual([]);
      expect(await store.memories.count({ userId: 'u1', words: ['called'] })).toBe(2);
    });

    it('keeps each user’s memories to themselves', async () => {
      expect(ids(await store.memories.list(all('u2'), { limit: 10 }))).toEqual(['x1']);
      expect(await store.memories.list(all('nobody'), { limit: 10 })).toEqual([]);
      expect(await store.memories.remove('u2', 'm1')).toBe(false);
      expect(await store.memories.remove('u1', 'missing')).toBe(false);
      expect(await store.memories.remove('u1', 'm1')).toBe(true);
      expect(await store.memories.remove('u1', 'm1')).toBe(false);
      expect(ids(await store.memories.list(all(), { limit: 10 }))).toEqual(['m4', 'm3', 'm2']);
      expect(await store.memories.count(all('u2'))).toBe(1);
    });
  });
}
