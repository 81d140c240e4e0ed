/**
 * The MongoDB store's batched pages (mongo-pages.ts) beyond the contract: two round
 * trips whatever the number of sessions, tool-call ordinals kept in seq order, and a
 * session whose ranks have gaps read correctly through the single-session fallback.
 */
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MongoStore } from '../src/store/mongo.js';
import type { KeysetPage } from '../src/store/store.js';
import { PAGES } from './store.contract-batch.js';
import { at, message, session, toolCall } from './store.fixtures.js';
import { type TestDatabase, useTestDatabase } from './support/mongo.js';

let db: TestDatabase;
let store: MongoStore;
const commands: string[] = [];
/** Documents the last `find` returned. */
let returned = 0;

beforeEach(async () => {
  db = await useTestDatabase('pages');
  store = await MongoStore.connect({ uri: db.uri, dbName: db.dbName, monitorCommands: true });
  store.client.on('commandStarted', (e: CommandStartedEvent) =>
    commands.push(`${e.commandName} ${String(e.command[e.commandName])}`),
  );
  store.client.on('commandSucceeded', (e: CommandSucceededEvent) => {
    const reply = e.reply as { cursor?: { firstBatch: unknown[] } };
    if (e.commandName === 'find') returned = reply.cursor?.firstBatch.length ?? 0;
  });
  await store.init();
});

afterEach(async () => {
  await store.close();
  await db.drop();
});

async function seed(ids: string[], messages: number): Promise<void> {
  for (const id of ids) {
    await store.ensureSession(session(id));
    for (let i = 1; i <= messages; i++)
      await store.appendMessage(message(id, `${id}t`, `m${i}`, at(i)));
    await store.insertToolCalls(
      Array.from({ length: messages }, (_, i) => toolCall(id, `${id}${i}`, 3 * i + 2)),
    );
  }
}

async function counted<T>(work: () => Promise<T>): Promise<{ value: T; commands: string[] }> {
  commands.length = 0;
  const value = await work();
  return { value, commands: [...commands].sort() };
}

/** Every page of every session, batched, equals the single-session queries. */
async function expectSameAsSingle(ids: string[], pages: KeysetPage<number>[] = PAGES) {
  for (const page of pages) {
    const messages = await store.messages.pagesOf(ids, page);
    const calls = await store.toolCalls.pagesOf(ids, page);
    for (const [i, id] of ids.entries()) {
      expect(messages[i]!.items).toEqual(await store.messages.list(id, page));
      expect(calls[i]!.items).toEqual(await store.toolCalls.list(id, page));
    }
  }
}

describe('MongoDB batched pages', () => {
  it('reads a page of 3 or of 30 sessions in two round trips', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `s${i}`);
    await seed(ids, 6);
    const page = { limit: 4, fromEnd: true };
    for (const n of [3, 30]) {
      const some = ids.slice(0, n);
      const pages = await counted(() => store.messages.pagesOf(some, page));
      expect(pages.commands).toEqual(['aggregate messages', 'find messages']);
      // The find brings exactly the pages, not the sessions' whole histories.
      expect(returned).toBe(4 * n);
      expect(pages.value.every((p) => p.items.length === 4 && p.inRange === 6)).toBe(true);
      const calls = await counted(() => store.toolCalls.pagesOf(some, page));
      expect(calls.commands).toEqual(['aggregate toolCalls', 'find toolCalls']);
      expect(returned).toBe(4 * n);
      expect((await counted(() => store.messages.countsOf(some))).commands).toEqual([
        'aggregate messages',
      ]);
    }
  });

  it('keeps tool-call ordinals 1, 2, 3... in seq order, also for calls inserted out of order', async () => {
    await store.ensureSession(session('a'));
    await store.insertToolCalls([toolCall('a', 'a1', 10), toolCall('a', 'a2', 30)]);
    await store.insertToolCalls([toolCall('a', 'a3', 20), toolCall('a', 'a4', 5)]);
    await store.insertToolCalls([toolCall('a', 'a5', 40)]);
    const raw = await store.db
      .collection('toolCalls')
      .find({ sessionId: 'a' }, { projection: { _id: 0, seq: 1, ordinal: 1 } })
      .sort({ seq: 1 })
      .toArray();
    expect(raw).toEqual([5, 10, 20, 30, 40].map((seq, i) => ({ seq, ordinal: i + 1 })));
  });

  it('reads a session whose ranks have gaps correctly, with one extra query for it', async () => {
    await seed(['a', 'b', 'c'], 10);
    // A crash between handing out a seq and storing the item leaves a gap: b keeps
    // messages 1, 2 and 6-10, and loses the tool calls in the same places.
    await store.db.collection('messages').deleteMany({ sessionId: 'b', seq: { $gte: 3, $lte: 5 } });
    await store.db
      .collection('toolCalls')
      .deleteMany({ sessionId: 'b', ordinal: { $gte: 3, $lte: 5 } });
    await expectSameAsSingle(['a', 'b', 'c']);

    // The first 3 of b are not seqs 1-3: its branch finds 2, and b is read again.
    const first3 = await counted(() => store.messages.pagesOf(['a', 'b', 'c'], { limit: 3 }));
    expect(first3.value.map((p) => p.items.map((m) => m.seq))).toEqual([
      [1, 2, 3],
      [1, 2, 6],
      [1, 2, 3],
    ]);
    expect(first3.commands).toEqual(['aggregate messages', 'find messages', 'find messages']);
    // The last 2 of b: its branch reads from seq 6 on, more than needed but enough.
    const last2 = await counted(() => store.messages.pagesOf(['b'], { limit: 2, fromEnd: true }));
    expect(last2.value[0]!.items.map((m) => m.seq)).toEqual([10, 9]);
    expect(last2.commands).toEqual(['aggregate messages', 'find messages']);
  });

  it('hides the ordinal from every read', async () => {
    await seed(['a'], 2);
    const [page] = await store.toolCalls.pagesOf(['a', 'b'], { limit: 5 });
    const all = [...page!.items, ...(await store.toolCalls.list('a', { limit: 5 }))];
    all.push(...(await store.toolCallsOfTurns(['a0', 'a1'])));
    expect(all).toHaveLength(6);
    for (const call of all) expect(call).not.toHaveProperty('ordinal');
  });
});
