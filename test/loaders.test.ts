/**
 * DataLoader batch shapes: one store call per batch with every key, results in key
 * order; keys with equal page arguments share a batched read, a key with page
 * arguments of its own gets the single query; a batched page primes totalCount.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createLoaders } from '../src/store/loaders.js';
import { MemoryStore } from '../src/store/memory.js';
import type { Store } from '../src/store/store.js';
import { at, message, session, toolCall } from './store.fixtures.js';

/** A MemoryStore that records every call: method name (`series.method` for a series) and arguments. */
function spied(store: Store): { store: Store; calls: [string, ...unknown[]][] } {
  const calls: [string, ...unknown[]][] = [];
  const recording = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (name === 'messages' || name === 'toolCalls')
          return recording(value as object, `${name}.`);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push([`${prefix}${String(name)}`, ...args]);
          return value.apply(target, args);
        };
      },
    });
  return { store: recording(store, ''), calls };
}

let memory: MemoryStore;
beforeEach(async () => {
  memory = new MemoryStore();
  for (const id of ['a', 'b', 'c']) {
    await memory.ensureSession(session(id));
    for (let i = 1; i <= 3; i++)
      await memory.appendMessage(message(id, `${id}t`, `${id}${i}`, at(i)));
    await memory.insertToolCalls([toolCall(id, `${id}t`, 1), toolCall(id, `${id}t`, 2)]);
  }
});

describe('loader batch shapes', () => {
  it('loads sessions in one call with all keys, results in key order', async () => {
    const { store, calls } = spied(memory);
    const loaders = createLoaders(store);
    const found = await Promise.all(['c', 'missing', 'a'].map((id) => loaders.session.load(id)));
    expect(calls).toEqual([['getSessions', ['c', 'missing', 'a']]]);
    expect(found.map((s) => s?._id ?? null)).toEqual(['c', null, 'a']);
  });

  it('batches pages with equal arguments into one call and reads a differing one alone', async () => {
    const { store, calls } = spied(memory);
    const loaders = createLoaders(store);
    const last2 = { limit: 2, fromEnd: true };
    const pages = await Promise.all([
      loaders.messages.page.load({ sessionId: 'c', page: last2 }),
      loaders.messages.page.load({ sessionId: 'a', page: { after: 1, limit: 1 } }),
      loaders.messages.page.load({ sessionId: 'a', page: { ...last2 } }),
      loaders.messages.page.load({ sessionId: 'b', page: last2 }),
    ]);
    expect(calls).toEqual([
      ['messages.pagesOf', ['c', 'a', 'b'], last2],
      ['messages.list', 'a', { after: 1, limit: 1 }],
    ]);
    // In key order; a backward page comes nearest to the end first, as messages.list gives it.
    expect(pages.map((items) => items.map((m) => m.content))).toEqual([
      ['c3', 'c2'],
      ['a2'],
      ['a3', 'a2'],
      ['b3', 'b2'],
    ]);

    // The batched page told the total of each of its sessions: no count query for them.
    calls.length = 0;
    const counts = await Promise.all(['a', 'b', 'c'].map((id) => loaders.messages.count.load(id)));
    expect(counts).toEqual([3, 3, 3]);
    expect(calls).toEqual([]);
  });

  it('counts in one call with all keys, in key order', async () => {
    const { store, calls } = spied(memory);
    const loaders = createLoaders(store);
    const counts = await Promise.all(
      ['b', 'nope', 'a'].map((id) => loaders.toolCalls.count.load(id)),
    );
    expect(counts).toEqual([2, 0, 2]);
    expect(calls).toEqual([['toolCalls.countsOf', ['b', 'nope', 'a']]]);
  });

  it('pages tool calls the same way; a page with a cursor primes no count', async () => {
    const { store, calls } = spied(memory);
    const loaders = createLoaders(store);
    const page = { after: 1, limit: 5 };
    const pages = await Promise.all(
      ['b', 'a'].map((sessionId) => loaders.toolCalls.page.load({ sessionId, page })),
    );
    expect(pages.map((items) => items.map((c) => c.seq))).toEqual([[2], [2]]);
    expect(await loaders.toolCalls.count.load('a')).toBe(2);
    expect(calls.map(([name, ...args]) => [name, args[0]])).toEqual([
      ['toolCalls.pagesOf', ['b', 'a']],
      ['toolCalls.countsOf', ['a']],
    ]);
  });

  it('fails only the keys of a group whose read failed', async () => {
    const messages = Object.assign(Object.create(memory.messages), {
      pagesOf: async () => {
        throw new Error('database down');
      },
    });
    const failing: Store = Object.assign(Object.create(memory), { messages });
    const loaders = createLoaders(failing);
    const results = await Promise.allSettled([
      loaders.messages.page.load({ sessionId: 'a', page: { limit: 1 } }),
      loaders.messages.page.load({ sessionId: 'b', page: { limit: 1 } }),
      loaders.messages.page.load({ sessionId: 'c', page: { limit: 2 } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
