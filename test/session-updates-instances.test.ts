/**
 * sessionUpdates across two instances (one FerretDB, one Redis): a feed on B hears what
 * happens on A, in order, and resumes on A after B's cursor; a turn waiting for an
 * approval shows AWAITING_APPROVAL, then RUNNING once decided, then IDLE.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { feedListenersReady, watchFeed } from './support/feed.js';
import { useTestDatabase } from './support/mongo.js';
import { SEND_CHAT, START_CHAT } from './support/operations.js';
import { redisUrl } from './support/redis.js';
import { disposeAll, startServer } from './support/server.js';

const RENAME =
  'mutation($id: ID!, $title: String!) { renameSession(id: $id, title: $title) { id } }';
const DELETE = 'mutation($id: ID!) { deleteSession(id: $id) }';
const PENDING = 'query($id: ID!) { session(id: $id) { pendingApprovals { id } } }';
const APPROVE = 'mutation($id: ID!) { resolveToolApproval(id: $id, approve: true) { status } }';

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await useTestDatabase('feed_multi');
  drop = db.drop;
  env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, REDIS_URL: await redisUrl() };
});
afterEach(disposeAll);
afterAll(() => drop());

it('a feed on B reports, in order, what happens to a session on A; it resumes on A', async () => {
  const a = await startServer(env);
  const b = await startServer(env);
  const onB = watchFeed(b.wsClient());
  await feedListenersReady(b.app, 1);

  const sent = await a.gql<any>(SEND_CHAT, { input: { content: 'what is 2+3*4?' } });
  const sessionId: string = sent.data!.sendChat.sessionId;
  await onB.upTo(3);
  await a.gql(RENAME, { id: sessionId, title: 'from A' });
  await onB.upTo(4);
  await a.gql(DELETE, { id: sessionId });
  const updates = await onB.upTo(5);
  expect(updates.map((u) => [u.change, u.session?.status ?? null, u.sessionId])).toEqual([
    ['CREATED', 'IDLE', sessionId],
    ['UPDATED', 'RUNNING', sessionId],
    ['UPDATED', 'IDLE', sessionId],
    ['UPDATED', 'IDLE', sessionId],
    ['DELETED', null, sessionId],
  ]);
  expect(updates[2]!.session!.messageCount).toBe(2);
  expect(updates[3]!.session!.title).toBe('from A');

  // B's cursor resumes on A: the same updates, from the shared log.
  const onA = watchFeed(a.wsClient(), { after: updates[1]!.cursor });
  const resumed = await onA.upTo(3);
  expect(resumed.map((u) => u.cursor)).toEqual(updates.slice(2).map((u) => u.cursor));
});

it('a turn waiting for an approval: AWAITING_APPROVAL, then RUNNING once approved, then IDLE', async () => {
  const a = await startServer(env);
  const b = await startServer(env);
  const onB = watchFeed(b.wsClient());
  await feedListenersReady(b.app, 1);
  const sessionId = crypto.randomUUID();
  await a.gql(START_CHAT, { input: { sessionId, content: 'remember my cat is called Tom' } });
  await onB.upTo(3);
  expect(onB.updates.map((u) => [u.change, u.session!.status])).toEqual([
    ['CREATED', 'IDLE'],
    ['UPDATED', 'RUNNING'],
    ['UPDATED', 'AWAITING_APPROVAL'],
  ]);
  const pending = await b.gql<any>(PENDING, { id: sessionId });
  const [approval] = pending.data!.session.pendingApprovals;
  expect((await b.gql<any>(APPROVE, { id: approval.id })).data).toEqual({
    resolveToolApproval: { status: 'APPROVED' },
  });
  const all = await onB.upTo(5);
  expect(all.slice(3).map((u) => [u.change, u.session!.status])).toEqual([
    ['UPDATED', 'RUNNING'],
    ['UPDATED', 'IDLE'],
  ]);
  expect(all[4]!.session!.messageCount).toBe(2);
});
