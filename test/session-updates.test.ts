/**
 * Issue 15, part 1: sessionUpdates, the viewer feed. One client subscribes; another
 * creates, runs a turn in, renames and deletes a session; the feed reports each change
 * in order, resumes after a cursor without a loss or a repeat, shows each user only
 * their own sessions (an admin's allUsers: everyone's) and refuses a cursor whose
 * updates are gone. In-memory store and FerretDB; WebSocket and SSE.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { feedListenersReady, type Update, watchFeed } from './support/feed.js';
import { useTestDatabase } from './support/mongo.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { ALICE, AUTH_ENV, BOB, bearer, ROOT } from './support/users.js';

const RENAME =
  'mutation($id: ID!, $title: String!) { renameSession(id: $id, title: $title) { id } }';
const DELETE = 'mutation($id: ID!) { deleteSession(id: $id) }';

const drops: (() => Promise<void>)[] = [];
afterEach(disposeAll);
afterAll(async () => {
  for (const drop of drops) await drop();
});

/** The user's story, told from another client: one session created, used, renamed, deleted. */
async function lifeOfASession(
  server: TestServer,
  feed: { upTo(n: number): Promise<Update[]> },
  headers = {},
) {
  const sent = await server.gql<any>(SEND_CHAT, { input: { content: 'what is 2+3*4?' } }, headers);
  const sessionId: string = sent.data!.sendChat.sessionId;
  await feed.upTo(3); // created, running, idle
  await server.gql(RENAME, { id: sessionId, title: 'Arithmetic' }, headers);
  await feed.upTo(4);
  await server.gql(DELETE, { id: sessionId }, headers);
  await feed.upTo(5);
  return sessionId;
}

function expectTheStory(updates: Update[], sessionId: string) {
  expect(updates.map((u) => u.sessionId)).toEqual(Array(5).fill(sessionId));
  expect(updates.map((u) => [u.change, u.session?.status ?? null])).toEqual([
    ['CREATED', 'IDLE'],
    ['UPDATED', 'RUNNING'],
    ['UPDATED', 'IDLE'],
    ['UPDATED', 'IDLE'],
    ['DELETED', null],
  ]);
  // As they were delivered, live: the deletion came after.
  expect(updates[0]!.session).toMatchObject({ title: 'what is 2+3*4?', messageCount: 0 });
  expect(updates[2]!.session!.messageCount).toBe(2);
  expect(updates[2]!.session!.usage.outputTokens).toBeGreaterThan(0);
  expect(updates[3]!.session!.title).toBe('Arithmetic');
  const times = updates.map((u) => Date.parse(u.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(new Set(updates.map((u) => u.cursor)).size).toBe(5);
}

describe.each(['memory', 'mongo'] as const)('sessionUpdates (%s store)', (kind) => {
  const env = async (extra: Record<string, string> = {}) => {
    if (kind === 'memory') return extra;
    const db = await useTestDatabase('feed');
    drops.push(db.drop);
    return { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, ...extra };
  };

  it('reports created, running, idle, renamed, deleted, in order (WebSocket)', async () => {
    const server = await startServer(await env());
    const feed = watchFeed(server.wsClient());
    await feedListenersReady(server.app, 1);
    const sessionId = await lifeOfASession(server, feed);
    expectTheStory(feed.updates, sessionId);
    expect(feed.errors).toEqual([]);
  });

  it('resumes after a cursor: nothing lost, nothing twice; replays a stored history', async () => {
    const server = await startServer(await env());
    const steady = watchFeed(server.wsClient());
    const dropped = watchFeed(server.wsClient());
    await feedListenersReady(server.app, 2);
    const sent = await server.gql<any>(SEND_CHAT, { input: { content: 'hello' } });
    const sessionId: string = sent.data!.sendChat.sessionId;
    await dropped.upTo(2);
    dropped.close(); // the connection drops after CREATED and RUNNING
    await steady.upTo(3);
    await server.gql(RENAME, { id: sessionId, title: 'while away' });
    await server.gql(SEND_CHAT, { input: { sessionId, content: 'again' } });
    const all = await steady.upTo(6);

    const resumed = watchFeed(server.wsClient(), { after: dropped.updates[1]!.cursor });
    await resumed.upTo(4);
    const cursors = (updates: Update[]) => updates.map((u) => u.cursor);
    expect([...cursors(dropped.updates.slice(0, 2)), ...cursors(resumed.updates)]).toEqual(
      cursors(all),
    );
    // Live once the stored ones are through.
    await server.gql(DELETE, { id: sessionId });
    const [deleted] = (await resumed.upTo(5)).slice(4);
    expect(deleted).toMatchObject({ change: 'DELETED', sessionId, session: null });
    expect(resumed.updates).toHaveLength(5);
    // Replayed after the deletion, the session's earlier updates show no session: it is gone.
    const replay = watchFeed(server.wsClient(), { after: all[0]!.cursor });
    const replayed = await replay.upTo(6);
    expect(replayed.map((u) => u.change)).toEqual([
      'UPDATED',
      'UPDATED',
      'UPDATED',
      'UPDATED',
      'UPDATED',
      'DELETED',
    ]);
    expect(replayed.every((u) => u.session === null)).toBe(true);
  });

  it('refuses a cursor whose updates are gone (CURSOR_EXPIRED) and one that is not a cursor', async () => {
    const server = await startServer(await env());
    const feed = watchFeed(server.wsClient());
    await feedListenersReady(server.app, 1);
    await server.gql(SEND_CHAT, { input: { content: 'hello' } });
    const [first] = await feed.upTo(3);
    // The retention window passed over it: the log no longer holds it.
    await server.app.services.store.sessionUpdates.prune(new Date(Date.now() + 1000));
    const expired = watchFeed(server.wsClient(), { after: first!.cursor });
    await expired.completed();
    expect(expired.errors.map((e) => e.extensions?.code)).toEqual(['CURSOR_EXPIRED']);
    expect(expired.errors[0]!.message).toMatch(/query sessions again/);

    const bogus = watchFeed(server.wsClient(), { after: 'not-a-cursor' });
    await bogus.completed();
    expect(bogus.errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it("shows each user only their own sessions; allUsers is for admins and shows everyone's", async () => {
    const server = await startServer(await env(AUTH_ENV));
    const as = (token: string) => server.wsClient({ authorization: `Bearer ${token}` });
    const bobs = watchFeed(as(BOB));
    const admin = watchFeed(as(ROOT), { allUsers: true });
    const refused = watchFeed(as(ALICE), { allUsers: true });
    await refused.completed();
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await feedListenersReady(server.app, 2);

    const alices = await server.gql<any>(
      SEND_CHAT,
      { input: { content: 'alice here' } },
      bearer(ALICE),
    );
    const bobsTurn = await server.gql<any>(
      SEND_CHAT,
      { input: { content: 'bob here' } },
      bearer(BOB),
    );
    const aliceSession = alices.data!.sendChat.sessionId;
    const bobSession = bobsTurn.data!.sendChat.sessionId;
    const everyone = await admin.upTo(6);
    expect(everyone.map((u) => [u.sessionId, u.change])).toEqual([
      [aliceSession, 'CREATED'],
      [aliceSession, 'UPDATED'],
      [aliceSession, 'UPDATED'],
      [bobSession, 'CREATED'],
      [bobSession, 'UPDATED'],
      [bobSession, 'UPDATED'],
    ]);
    expect(everyone[0]!.session!.userId).toBe('alice');
    const own = await bobs.upTo(3);
    expect(own.map((u) => u.sessionId)).toEqual([bobSession, bobSession, bobSession]);
    expect(bobs.updates).toHaveLength(3);
    expect(bobs.errors).toEqual([]);
    // An admin cursor is not a user cursor.
    const mixed = watchFeed(as(BOB), { after: everyone[0]!.cursor });
    await mixed.completed();
    expect(mixed.errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('works over SSE (graphql-sse)', async () => {
    const server = await startServer(await env());
    const client = createSseClient({ url: `${server.url}/graphql/stream`, retryAttempts: 0 });
    try {
      const feed = watchFeed(client);
      await feedListenersReady(server.app, 1);
      const sessionId = await lifeOfASession(server, feed);
      expectTheStory(feed.updates, sessionId);
    } finally {
      client.dispose();
    }
  });
});
