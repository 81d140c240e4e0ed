/**
 * Issue 11, case 9: a turn queued behind a running one on an instance that is
 * SIGKILLed is not lost. Once the dead instance's lease and queue records expire,
 * another instance closes the running turn and then every queued one, in order:
 * a DoneEvent FAILED "interrupted" each (gap-free seqs, seen by a live subscriber on
 * the surviving instance) and a user + FAILED agent message pair in the history.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MongoStore } from '../src/store/mongo.js';
import { startChildServer } from './support/child-server.js';
import { useTestDatabase } from './support/mongo.js';
import {
  type EventItem,
  type EventsData,
  SEND_CHAT,
  SESSION,
  SESSION_EVENTS,
  START_CHAT,
} from './support/operations.js';
import { redisUrl } from './support/redis.js';
import { collect, disposeAll, listenersReady, startChatAt, startServer } from './support/server.js';

const LEASE_MS = 1000;
let env: Record<string, string>;
let store: MongoStore;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  const db = await useTestDatabase('crash_queued');
  cleanups.push(db.drop);
  env = {
    MONGODB_URI: db.uri,
    MONGODB_DB: db.dbName,
    REDIS_URL: await redisUrl(),
    TURN_LEASE_MS: String(LEASE_MS),
  };
  store = await MongoStore.connect({ uri: db.uri, dbName: db.dbName });
  cleanups.push(() => store.close());
});
afterEach(disposeAll);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('closes the queued turns of a SIGKILLed instance as FAILED "interrupted", in order', async () => {
  const a = await startChildServer({ ...env, LOCAL_AGENT_TOKEN_DELAY_MS: '40' });
  cleanups.push(async () => void a.process.kill('SIGKILL'));
  const b = await startServer(env);

  const sessionId = crypto.randomUUID();
  const long = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
  const running = await startChatAt(a.url, sessionId, long);
  // A live subscriber on B, from the session's first event.
  const turnsDone = new Set<string>();
  const queued: string[] = [];
  const onB = collect<EventsData>(
    b.wsClient(),
    SESSION_EVENTS,
    { sessionId, afterSeq: 0 },
    ({ data }) => {
      const e = data?.sessionEvents;
      if (e?.__typename === 'DoneEvent') turnsDone.add(e.turnId);
      return queued.length === 2 && queued.every((t) => turnsDone.has(t));
    },
  );
  await listenersReady(b.app, 1, sessionId);
  queued.push(await startChatAt(a.url, sessionId, 'queued one'));
  queued.push(await startChatAt(a.url, sessionId, 'queued two'));

  // Mid-turn: the running turn has stored some tokens, the two others wait behind it.
  await expect
    .poll(async () => (await store.readEvents(sessionId, 0, 1000)).length, { timeout: 10_000 })
    .toBeGreaterThan(8);
  a.process.kill('SIGKILL');
  await a.exited;
  const killedAt = Date.now();

  // B's lease sweeper closes all three; the subscriber sees each DoneEvent.
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<'stuck'>((resolve) => {
    timer = setTimeout(() => resolve('stuck'), 15 * LEASE_MS);
  });
  const outcome = await Promise.race([onB.done, stuck]);
  clearTimeout(timer);
  const closedAfterMs = Date.now() - killedAt;
  const storedDone = (await store.readEvents(sessionId, 0, 1000)).filter((e) => e.type === 'done');
  expect({
    received: [...turnsDone],
    stored: storedDone.map((e) => e.turnId),
  }).toEqual({ received: [running, ...queued], stored: [running, ...queued] });
  expect(outcome).not.toBe('stuck');
  // Lease expiry plus a sweep period or so (about 1.5 s here), not the next message.
  expect(closedAfterMs).toBeLessThan(6 * LEASE_MS);

  const received = onB.results.map((r) => r.data!.sessionEvents);
  expect(received.map((e) => e.seq)).toEqual(received.map((_, i) => i + 1));
  const dones = received.filter((e) => e.__typename === 'DoneEvent');
  expect(dones.map((e) => [e.turnId, e.status, e.error])).toEqual([
    [running, 'FAILED', 'interrupted'],
    [queued[0], 'FAILED', 'interrupted'],
    [queued[1], 'FAILED', 'interrupted'],
  ]);
  // The queued turns never ran: nothing but their DoneEvents in the log, at the end.
  expect(received.slice(-2).map((e: EventItem) => e.turnId)).toEqual(queued);
  expect(dones[1]).toMatchObject({ reply: '', toolCalls: [] });
  const stored = await store.readEvents(sessionId, 0, 1000);
  expect(stored.map((e) => [e.seq, e.turnId, e.type])).toEqual(
    received.map((e) => [e.seq, e.turnId, expect.any(String)]),
  );

  // The client learns it from the history too: each turn a user + FAILED agent pair.
  const session = (await b.gql<any>(SESSION, { id: sessionId })).data!.session;
  expect(
    session.messages.edges.map(({ node }: any) => [node.role, node.turnId, node.status]),
  ).toEqual([
    ['USER', running, null],
    ['AGENT', running, 'FAILED'],
    ['USER', queued[0], null],
    ['AGENT', queued[0], 'FAILED'],
    ['USER', queued[1], null],
    ['AGENT', queued[1], 'FAILED'],
  ]);
  expect(session.messages.edges[2].node.content).toBe('queued one');
  const messages = await store.messages.list(sessionId, { limit: 10 });
  expect(messages.slice(2).map((m) => [m.content, m.error])).toEqual([
    ['queued one', null],
    ['', 'interrupted'],
    ['queued two', null],
    ['', 'interrupted'],
  ]);
  expect(await store.getSession(sessionId)).toMatchObject({ lease: null, messageCount: 6 });
  expect(await store.queuedTurns.of(sessionId)).toEqual([]);

  // The session goes on normally, its seqs still gap-free.
  const next = await b.gql<any>(SEND_CHAT, { input: { sessionId, content: 'still there?' } });
  expect(next.data!.sendChat.status).toBe('COMPLETED');
  const all = await store.readEvents(sessionId, 0, 1000);
  expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
});

it('a queued turn that runs, or is cancelled while queued, leaves no queue record', async () => {
  const server = await startServer({ ...env, LOCAL_AGENT_TOKEN_DELAY_MS: '20' });
  const sessionId = crypto.randomUUID();
  const first = await server.gql<any>(START_CHAT, {
    input: { sessionId, content: 'one two three four five six' },
  });
  const second = await server.gql<any>(START_CHAT, { input: { sessionId, content: 'two' } });
  const third = await server.gql<any>(START_CHAT, { input: { sessionId, content: 'three' } });
  const ids = [first, second, third].map((r) => r.data!.startChat.id as string);
  // While they wait, the two queued turns are recorded (the running one holds the lease).
  await expect
    .poll(async () => (await store.queuedTurns.of(sessionId)).map((t) => t._id))
    .toEqual(ids.slice(1));
  const cancel = 'mutation($id: ID!) { cancelChat(turnId: $id) }';
  expect((await server.gql<any>(cancel, { id: ids[2] })).data).toEqual({ cancelChat: true });

  const isDoneOf = (turnId: string) => (r: { data?: EventsData | null }) =>
    r.data?.sessionEvents.__typename === 'DoneEvent' && r.data.sessionEvents.turnId === turnId;
  await collect<EventsData>(
    server.wsClient(),
    SESSION_EVENTS,
    { sessionId, afterSeq: 0 },
    isDoneOf(ids[2]!),
  ).done;
  const statuses = (await store.messages.list(sessionId, { limit: 10 })).map((m) => m.status);
  expect(statuses).toEqual([null, 'COMPLETED', null, 'COMPLETED', null, 'CANCELLED']);
  expect(await store.queuedTurns.of(sessionId)).toEqual([]);
});

it('closes a queued turn whose instance died while it waited for the lease', async () => {
  // The record of a turn that waited on another instance's lease when its own instance
  // died: no lease left behind, only the record, expired.
  const server = await startServer(env);
  const sessionId = crypto.randomUUID();
  await store.ensureSession({
    id: sessionId,
    userId: 'default',
    projectId: null,
    title: null,
    now: new Date(),
  });
  const past = new Date(Date.now() - 1000);
  await store.queuedTurns.add({
    _id: 'waiting-turn',
    sessionId,
    userId: 'default',
    owner: 'dead-instance',
    content: 'hello?',
    at: past,
    until: past,
  });
  await expect
    .poll(
      async () => (await store.readEvents(sessionId, 0, 10)).map((e) => [e.seq, e.type, e.turnId]),
      {
        timeout: 5 * LEASE_MS,
      },
    )
    .toEqual([[1, 'done', 'waiting-turn']]);
  const messages = await store.messages.list(sessionId, { limit: 10 });
  expect(messages.map((m) => [m.role, m.content, m.status, m.error])).toEqual([
    ['USER', 'hello?', null, null],
    ['AGENT', '', 'FAILED', 'interrupted'],
  ]);
  // The record goes last, after the DoneEvent (queued.ts: a closer that dies half-way is redone).
  await expect.poll(() => store.queuedTurns.of(sessionId)).toEqual([]);
  // The recovery lease goes right after the DoneEvent.
  await expect.poll(() => store.getSession(sessionId)).toMatchObject({ lease: null, nextSeq: 2 });
  const next = await server.gql<any>(SEND_CHAT, { input: { sessionId, content: 'again' } });
  expect(next.data!.sendChat.status).toBe('COMPLETED');
});

it("a dead instance's waiting edit or regenerate is closed without a message: its branch never began", async () => {
  const server = await startServer(env);
  const sent = await server.gql<any>(SEND_CHAT, { input: { content: 'hello' } });
  const sessionId = sent.data!.sendChat.sessionId;
  const before = await store.messages.list(sessionId, { limit: 10 });
  const past = new Date(Date.now() - 1000);
  await store.queuedTurns.add({
    _id: 'waiting-regenerate',
    sessionId,
    userId: 'default',
    owner: 'dead-instance',
    content: 'hello',
    at: past,
    until: past,
    branch: true,
  });
  await expect
    .poll(async () => (await store.readEvents(sessionId, 0, 100)).at(-1)?.turnId, {
      timeout: 5 * LEASE_MS,
    })
    .toBe('waiting-regenerate');
  const [done] = (await store.readEvents(sessionId, 0, 100)).slice(-1);
  expect(done).toMatchObject({ type: 'done', status: 'FAILED', error: 'interrupted' });
  expect(await store.messages.list(sessionId, { limit: 10 })).toEqual(before);
  expect((await store.getSession(sessionId))?.activeLeafId).toBe(before[1]!._id);
});

it('a turn closed elsewhere while it waited gives the lease back instead of running', async () => {
  const server = await startServer(env);
  const sessionId = crypto.randomUUID();
  const now = new Date();
  await store.ensureSession({
    id: sessionId,
    userId: 'default',
    projectId: null,
    title: null,
    now,
  });
  // A live turn of another instance holds the lease, so ours waits for it.
  const until = new Date(now.getTime() + 60_000);
  await store.acquireLease(sessionId, { turnId: 'elsewhere', owner: 'other', until }, now);
  const send =
    'mutation($input: SendChatInput!) { sendChat(input: $input) { id status error reply } }';
  const reply = server.gql<any>(send, { input: { sessionId, content: 'hi' } });
  await expect.poll(() => store.queuedTurns.of(sessionId)).toHaveLength(1);
  const [record] = await store.queuedTurns.of(sessionId);
  // Another instance found the record expired and closed the turn (its first step).
  expect(await store.queuedTurns.remove(record!._id)).toBe(true);
  const zero = { inputTokens: 0, outputTokens: 0 };
  await store.finishTurn(sessionId, 'elsewhere', { usage: zero, nextSeq: 1, now: new Date() });

  expect((await reply).data.sendChat).toEqual({
    id: record!._id,
    status: 'FAILED',
    error: 'interrupted',
    reply: '',
  });
  expect(await store.messages.count(sessionId)).toBe(0);
  expect(await store.readEvents(sessionId, 0, 10)).toEqual([]);
  expect(await store.getSession(sessionId)).toMatchObject({ lease: null });
});
