/**
 * Sessions stored before branches existed (no Message.parentId, no
 * Session.activeLeafId, as an older Parley wrote them to MongoDB) read as one linear
 * branch with no migration, and can be branched from; and the feed reports a branch
 * switch with the new activeLeafId.
 */
import { afterAll, afterEach, expect, it } from 'vitest';
import type { MessageDoc, SessionDoc } from '../src/model/documents.js';
import { MongoStore } from '../src/store/mongo.js';
import { branchOf, doneOf, REGENERATE, SWITCH } from './support/branches.js';
import { feedListenersReady, watchFeed } from './support/feed.js';
import { useTestDatabase } from './support/mongo.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';

const drops: (() => Promise<void>)[] = [];
afterEach(disposeAll);
afterAll(async () => {
  for (const drop of drops) await drop();
});

const t0 = new Date('2026-01-01T00:00:00Z');

function oldMessage(seq: number, role: 'USER' | 'AGENT', content: string): MessageDoc {
  const meta = {
    status: role === 'AGENT' ? ('COMPLETED' as const) : null,
    phase: null,
    seedId: null,
  };
  return {
    _id: `old-${seq}`,
    sessionId: 'old-session',
    turnId: `old-turn-${Math.ceil(seq / 2)}`,
    seq,
    role,
    content,
    createdAt: new Date(t0.getTime() + seq * 1000),
    ...meta,
    evaluationPassed: null,
    durationMs: null,
    usage: null,
    error: null,
  };
}

it('an old linear session: parents inferred, newest as leaf, regenerate and go on from it', async () => {
  const db = await useTestDatabase('legacy');
  drops.push(db.drop);
  const store = await MongoStore.connect({ uri: db.uri, dbName: db.dbName });
  const session: SessionDoc = {
    _id: 'old-session',
    userId: 'default',
    projectId: null,
    title: 'old',
    titleLocked: false,
    createdAt: t0,
    updatedAt: t0,
    messageCount: 4,
    usage: { inputTokens: 0, outputTokens: 0 },
    metadata: {},
    nextSeq: 1,
    lease: null,
  };
  await store.db.collection<SessionDoc>('sessions').insertOne(session);
  const old = [
    oldMessage(1, 'USER', 'what is 2+3*4?'),
    oldMessage(2, 'AGENT', 'fourteen'),
    oldMessage(3, 'USER', 'thanks'),
    oldMessage(4, 'AGENT', 'welcome'),
  ];
  await store.db.collection<MessageDoc>('messages').insertMany(old);
  await store.close();

  const server = await startServer({ MONGODB_URI: db.uri, MONGODB_DB: db.dbName });
  const read = await branchOf(server, 'old-session');
  expect(read.activeLeafId).toBe('old-4');
  expect(read.messages.map((m) => [m.id, m.parentId, m.siblingCount])).toEqual([
    ['old-1', null, 1],
    ['old-2', 'old-1', 1],
    ['old-3', 'old-2', 1],
    ['old-4', 'old-3', 1],
  ]);

  const again = await server.gql<any>(REGENERATE, { id: 'old-2' });
  expect(again.errors).toBeUndefined();
  await doneOf(server, again.data!.regenerateReply);
  const branched = await branchOf(server, 'old-session');
  expect(branched.messages.map((m) => m.id).slice(0, 1)).toEqual(['old-1']);
  expect(branched.messages[1]).toMatchObject({
    parentId: 'old-1',
    siblingIndex: 1,
    siblingCount: 2,
  });
  expect(branched.messages[1]!.content).toContain('14');

  // Back on the old branch, a new message follows its leaf.
  await server.gql(SWITCH, { id: 'old-4' });
  const sent = await server.gql<any>(SEND_CHAT, {
    input: { sessionId: 'old-session', content: 'more' },
  });
  expect(sent.errors).toBeUndefined();
  const after = await branchOf(server, 'old-session');
  expect(after.messages.map((m) => m.id).slice(0, 4)).toEqual(['old-1', 'old-2', 'old-3', 'old-4']);
  expect(after.messages[4]).toMatchObject({ role: 'USER', content: 'more', parentId: 'old-4' });
  expect(after.messages).toHaveLength(6);
});

it('sessionUpdates reports a branch switch with the new activeLeafId', async () => {
  const server = await startServer();
  const sent = await server.gql<any>(SEND_CHAT, { input: { content: 'what is 2+3*4?' } });
  const sessionId = sent.data!.sendChat.sessionId;
  const [, first] = (await branchOf(server, sessionId)).messages;
  const again = await server.gql<any>(REGENERATE, { id: first!.id });
  await doneOf(server, again.data!.regenerateReply);

  const feed = watchFeed(server.wsClient());
  await feedListenersReady(server.app, 1);
  await server.gql(SWITCH, { id: first!.id });
  const [update] = await feed.upTo(1);
  expect(update).toMatchObject({ change: 'UPDATED', sessionId });
  expect(update!.session!.activeLeafId).toBe(first!.id);
});
