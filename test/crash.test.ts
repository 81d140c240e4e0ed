/**
 * A server dies mid-turn (SIGKILL): once its lease expires, another server closes
 * the turn as FAILED ("interrupted") with a stored DoneEvent, and the history stays
 * whole: no message duplicated or missing.
 */
import { afterAll, expect, it } from 'vitest';
import { MongoStore } from '../src/store/mongo.js';
import { startChildServer } from './support/child-server.js';
import { useTestDatabase } from './support/mongo.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startChatAt, startServer } from './support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await disposeAll();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('closes the turn of a killed server as FAILED after its lease expires', async () => {
  const db = await useTestDatabase('crash');
  cleanups.push(db.drop);
  const env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, TURN_LEASE_MS: '1000' };
  const store = await MongoStore.connect({ uri: db.uri, dbName: db.dbName });
  cleanups.push(() => store.close());

  const child = await startChildServer({ ...env, LOCAL_AGENT_TOKEN_DELAY_MS: '40' });
  cleanups.push(async () => void child.process.kill('SIGKILL'));
  const sessionId = crypto.randomUUID();
  const content = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
  const turnId = await startChatAt(child.url, sessionId, content);
  // Mid-turn: some tokens are stored, the reply is far from done.
  await expect
    .poll(async () => (await store.readEvents(sessionId, 0, 1000)).length, { timeout: 10_000 })
    .toBeGreaterThan(8);
  child.process.kill('SIGKILL');
  await child.exited;
  const storedBefore = await store.readEvents(sessionId, 0, 1000);
  expect(storedBefore.some((e) => e.type === 'done')).toBe(false);

  // A new server: its lease sweeper finds the expired lease and closes the turn.
  const survivor = await startServer(env);
  await expect
    .poll(async () => (await store.readEvents(sessionId, 0, 1000)).find((e) => e.type === 'done'), {
      timeout: 10_000,
    })
    .toMatchObject({ type: 'done', turnId, status: 'FAILED', error: 'interrupted' });

  const events = await store.readEvents(sessionId, 0, 1000);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const partial = events.flatMap((e) => (e.type === 'token' ? [e.content] : [])).join('');
  expect(partial.length).toBeGreaterThan(0);
  expect(`You said: ${content}`.startsWith(partial)).toBe(true);

  const messages = await store.messages.list(sessionId, { limit: 10 });
  expect(messages.map((m) => [m.role, m.turnId, m.status])).toEqual([
    ['USER', turnId, null],
    ['AGENT', turnId, 'FAILED'],
  ]);
  expect(messages[1]!.content).toBe(partial);
  // The recovery releases the lease it took right after it stored the DoneEvent.
  await expect
    .poll(() => store.getSession(sessionId), { timeout: 5000 })
    .toMatchObject({ lease: null, messageCount: 2 });

  // The session goes on normally.
  const next = await survivor.gql<any>(SEND_CHAT, {
    input: { sessionId, content: 'still there?' },
  });
  expect(next.data!.sendChat.status).toBe('COMPLETED');
  const after = await store.messages.list(sessionId, { limit: 10 });
  expect(after.map((m) => m.role)).toEqual(['USER', 'AGENT', 'USER', 'AGENT']);
  const all = await store.readEvents(sessionId, 0, 1000);
  expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
});
