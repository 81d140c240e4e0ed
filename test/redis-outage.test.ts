/**
 * Redis goes away mid-turn (SIGKILL of a private redis-server, restarted on the same
 * port after 1 s and after 5 s) under two Parley instances in child processes on one
 * database. Both instances survive; A's local subscriber gets every event of A's turns
 * during the outage; /ready says `redis: unreachable`; a startChat still works; a
 * cancelChat that must travel through Redis fails with REDIS_UNAVAILABLE; and B's
 * subscriber, once Redis is back, catches up from the event log by itself (the turns
 * ended during the outage, so no later event reveals the gap) and follows live again.
 */
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ChildServer, startChildServer } from './support/child-server.js';
import { useTestDatabase } from './support/mongo.js';
import {
  type EventItem,
  SEND_CHAT,
  SESSION,
  SESSION_EVENTS,
  START_CHAT,
} from './support/operations.js';
import { type PrivateRedis, startPrivateRedis } from './support/redis-server.js';

const WAIT = { timeout: 20_000, interval: 50 };
const cleanups: (() => Promise<unknown>)[] = [];
let redis: PrivateRedis;
let a: ChildServer;
let b: ChildServer;
/** Exit codes of the instances, should one die. */
const exits: string[] = [];

beforeAll(async () => {
  const db = await useTestDatabase('redis_outage');
  cleanups.push(db.drop);
  redis = await startPrivateRedis();
  cleanups.push(() => redis.stop());
  // Slow tokens: a long reply is still streaming when Redis goes.
  const env = {
    MONGODB_URI: db.uri,
    MONGODB_DB: db.dbName,
    REDIS_URL: redis.url,
    LOCAL_AGENT_TOKEN_DELAY_MS: '20',
  };
  [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
  for (const [name, s] of [
    ['A', a],
    ['B', b],
  ] as const) {
    cleanups.push(async () => s.process.kill('SIGKILL'));
    void s.exited.then((code) => exits.push(`${name} exited ${code}`));
  }
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function gql(s: ChildServer, query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function readiness(s: ChildServer) {
  const res = await fetch(`${s.url}/ready`);
  return { status: res.status, body: (await res.json()) as { checks?: { redis?: string } } };
}

/** Every event of a session from seq 1 on, as a graphql-ws client of `s` sees them. */
function follow(s: ChildServer, sessionId: string) {
  const client: Client = createClient({
    url: `${s.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  cleanups.push(() => client.dispose() as Promise<void>);
  const events: EventItem[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ sessionEvents: EventItem }>(
    { query: SESSION_EVENTS, variables: { sessionId, afterSeq: 0 } },
    {
      next: (r) => (r.data ? events.push(r.data.sessionEvents) : errors.push(r.errors)),
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  const done = () => events.filter((e) => e.__typename === 'DoneEvent');
  return { events, errors, done };
}

const seqs = (events: EventItem[]) => events.map((e) => e.seq);
const oneToN = (events: EventItem[]) => events.map((_, i) => i + 1);
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe.each([1000, 5000])('Redis down for %i ms mid-turn', (outageMs) => {
  it('both instances live; local events flow; remote catches up from the log', async () => {
    const sessionId = crypto.randomUUID();
    const first = await gql(a, SEND_CHAT, { input: { sessionId, content: 'hello' } });
    expect(first.errors).toBeUndefined();
    const local = follow(a, sessionId);
    const remote = follow(b, sessionId);
    // Both have replayed turn 1, so their bus subscriptions are live.
    await expect.poll(() => local.done().length + remote.done().length, WAIT).toBe(2);

    const long = await gql(a, START_CHAT, { input: { sessionId, content: words(400) } });
    const longTurn: string = long.data.startChat.id;
    const tokensOf = (f: typeof local) => f.events.filter((e) => e.turnId === longTurn).length;
    await expect.poll(() => Math.min(tokensOf(local), tokensOf(remote)), WAIT).toBeGreaterThan(5);

    await redis.kill();
    const down = performance.now();
    for (const s of [a, b]) {
      await expect
        .poll(async () => (await readiness(s)).body.checks?.redis, WAIT)
        .toBe('unreachable');
    }
    // A cancel for A's turn asked on B has to travel through Redis: a clear error.
    const remoteCancel = await gql(b, 'mutation($id: ID!) { cancelChat(turnId: $id) }', {
      id: longTurn,
    });
    expect(remoteCancel.errors?.[0]?.extensions?.code).toBe('REDIS_UNAVAILABLE');
    // On A itself it needs no Redis; the turn ends (DoneEvent CANCELLED) during the outage.
    const localCancel = await gql(a, 'mutation($id: ID!) { cancelChat(turnId: $id) }', {
      id: longTurn,
    });
    expect(localCancel).toEqual({ data: { cancelChat: true } });
    // New turns start and complete: one after it in the same session on A, one on B.
    const third = await gql(a, START_CHAT, { input: { sessionId, content: 'still there?' } });
    expect(third.errors).toBeUndefined();
    const onB = await gql(b, START_CHAT, { input: { content: 'and you?' } });
    expect(onB.errors).toBeUndefined();
    await expect.poll(() => local.done().length, WAIT).toBe(3);
    expect((await fetch(`${a.url}/health`)).status).toBe(200);
    expect((await fetch(`${b.url}/health`)).status).toBe(200);

    // The outage lasts outageMs (or longer, if the steps above took longer).
    const left = outageMs - (performance.now() - down);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    expect(exits).toEqual([]);
    const remoteAtRestart = remote.events.length;
    await redis.restart();
    const back = performance.now();
    console.info(
      `outage ${Math.round(back - down)} ms; remote had ${remoteAtRestart} of ${local.events.length} events at restart`,
    );

    // No new event is published in the session: B's subscriber must notice by itself.
    await expect.poll(() => remote.done().length, WAIT).toBe(3);
    console.info(`remote caught up ${Math.round(performance.now() - back)} ms after restart`);
    for (const s of [a, b]) {
      await expect.poll(async () => (await readiness(s)).status, WAIT).toBe(200);
    }
    // Live fan-out works again (B re-subscribed its channel).
    const fourth = await gql(a, SEND_CHAT, { input: { sessionId, content: 'back?' } });
    expect(fourth.errors).toBeUndefined();
    await expect.poll(() => local.done().length + remote.done().length, WAIT).toBe(8);

    expect(seqs(local.events)).toEqual(oneToN(local.events));
    expect(remote.events).toEqual(local.events);
    expect(local.errors).toEqual([]);
    expect(remote.errors).toEqual([]);
    expect(local.done().map((e) => e.status)).toEqual([
      'COMPLETED',
      'CANCELLED',
      'COMPLETED',
      'COMPLETED',
    ]);
    // Everything was stored, the turns of the outage included.
    const history = await gql(b, SESSION, { id: sessionId });
    expect(history.data.session.messageCount).toBe(8);
    const other = await gql(a, SESSION, { id: onB.data.startChat.sessionId });
    await expect
      .poll(
        async () =>
          (
            await gql(a, SESSION, { id: onB.data.startChat.sessionId })
          ).data.session.messages.edges.map((e: any) => e.node.status),
        WAIT,
      )
      .toEqual([null, 'COMPLETED']);
    expect(other.errors).toBeUndefined();
    expect(exits).toEqual([]);
  }, 90_000);
});
