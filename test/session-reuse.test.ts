/**
 * A subscription never outlives its session (issue 11, case 1). Session ids are chosen
 * by clients, so a deleted id can be created again by someone else: bob subscribes to
 * his session, deletes it, alice creates a session with the same id. Bob's open
 * subscriptions (live, replaying with afterSeq: 0, over graphql-ws and SSE, on another
 * instance) must end with NOT_FOUND and never see one of alice's events.
 */

import type { ExecutionResult } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import type { Client, Sink } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from './support/mongo.js';
import { type EventsData, SEND_CHAT, SESSION_EVENTS } from './support/operations.js';
import { redisUrl } from './support/redis.js';
import {
  collect,
  disposeAll,
  listenersReady,
  startServer,
  type TestServer,
} from './support/server.js';
import { ALICE, AUTH_ENV, BOB, bearer, ROOT } from './support/users.js';

const DELETE = 'mutation($id: ID!) { deleteSession(id: $id) }';
const PRUNE = 'mutation { pruneSessions { deleted } }';

interface Watch {
  name: string;
  events: EventsData['sessionEvents'][];
  /** The error codes the stream ended with (empty while it runs). */
  codes: string[];
  ended: Promise<void>;
}

/** A sink that keeps every event and the codes of the errors that end the stream. */
function watcher(name: string): { watch: Watch; sink: Sink<ExecutionResult<EventsData>> } {
  const events: Watch['events'] = [];
  const codes: string[] = [];
  let resolve = () => {};
  const ended = new Promise<void>((r) => {
    resolve = r;
  });
  const sink = {
    next: (r: ExecutionResult<EventsData>) => {
      if (r.data?.sessionEvents) events.push(r.data.sessionEvents);
      for (const e of r.errors ?? []) codes.push(String(e.extensions?.code));
    },
    error: (e: unknown) => {
      codes.push(`transport: ${String(e)}`);
      resolve();
    },
    complete: () => resolve(),
  };
  return { watch: { name, events, codes, ended }, sink };
}

/** Follows a subscription over graphql-ws. */
function watch(name: string, client: Client, variables: Record<string, unknown>): Watch {
  const { watch, sink } = watcher(name);
  client.subscribe<EventsData>({ query: SESSION_EVENTS, variables }, sink);
  return watch;
}

/** The same over graphql-sse (distinct connections at /graphql/stream), replaying from 0. */
function watchSse(name: string, server: TestServer, token: string, sessionId: string): Watch {
  const client = createSseClient({
    url: `${server.url}/graphql/stream`,
    headers: bearer(token),
    retryAttempts: 0,
  });
  const { watch, sink } = watcher(name);
  const dispose = client.subscribe<EventsData>(
    { query: SESSION_EVENTS, variables: { sessionId, afterSeq: 0 } },
    sink,
  );
  const ended = watch.ended.finally(() => {
    dispose();
    client.dispose();
  });
  return { ...watch, ended };
}

const isDone = (r: { data?: EventsData | null }) =>
  r.data?.sessionEvents.__typename === 'DoneEvent';

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await useTestDatabase('reuse');
  drop = db.drop;
  env = {
    ...AUTH_ENV,
    MONGODB_URI: db.uri,
    MONGODB_DB: db.dbName,
    REDIS_URL: await redisUrl(),
    SESSION_AUTO_PRUNE: 'false',
  };
});
afterEach(disposeAll);
afterAll(() => drop());

/** Bob's session S with one finished turn; returns what a replaying subscriber sees of it. */
async function bobsSession(a: TestServer, sessionId: string): Promise<number> {
  const sent = await a.gql<any>(
    SEND_CHAT,
    { input: { sessionId, content: 'bob private' } },
    bearer(BOB),
  );
  expect(sent.errors).toBeUndefined();
  const read = await a.gql<any>(
    'query($id: ID!) { session(id: $id) { messageCount } }',
    { id: sessionId },
    bearer(BOB),
  );
  expect(read.data.session.messageCount).toBe(2);
  return sent.data.sendChat.id;
}

/** Alice takes the id and runs a turn; resolves once her own subscriber on `b` saw it end. */
async function aliceTakesTheId(a: TestServer, b: TestServer, sessionId: string): Promise<string> {
  const hers = collect<EventsData>(
    b.wsClient(bearer(ALICE)),
    SESSION_EVENTS,
    { sessionId, afterSeq: 0 },
    isDone,
  );
  const sent = await a.gql<any>(
    SEND_CHAT,
    { input: { sessionId, content: 'alice secret plan' } },
    bearer(ALICE),
  );
  expect(sent.errors).toBeUndefined();
  const seen = await hers.done;
  expect(seen.at(-1)?.data?.sessionEvents.turnId).toBe(sent.data.sendChat.id);
  return sent.data.sendChat.id;
}

function expectEndedWithoutLeak(watches: Watch[], foreignTurnId: string) {
  for (const w of watches) {
    const leaked = w.events.filter((e) => e.turnId === foreignTurnId);
    expect({ name: w.name, leaked: leaked.length }).toEqual({ name: w.name, leaked: 0 });
  }
}

async function expectNotFound(watches: Watch[]) {
  for (const w of watches) {
    await vi.waitFor(
      () =>
        expect({ name: w.name, codes: w.codes }).toEqual({ name: w.name, codes: ['NOT_FOUND'] }),
      {
        timeout: 5000,
        interval: 20,
      },
    );
    await w.ended;
  }
}

describe('a deleted session ends its subscriptions', () => {
  it("bob's subscriptions on another instance end with NOT_FOUND and never see alice's session with the same id", async () => {
    const a = await startServer(env);
    const b = await startServer(env);
    const sessionId = `my-first-session-${crypto.randomUUID().slice(0, 8)}`;
    const bobsTurn = await bobsSession(a, sessionId);

    const ws = b.wsClient(bearer(BOB));
    const watches = [
      watch('ws live', ws, { sessionId }),
      watch('ws afterSeq 0', ws, { sessionId, afterSeq: 0 }),
      watchSse('sse afterSeq 0', b, BOB, sessionId),
    ];
    await listenersReady(b.app, 3, sessionId);
    // The replaying ones have caught up with bob's turn.
    await vi.waitFor(() => {
      for (const w of watches.slice(1)) expect(w.events.at(-1)?.turnId).toBe(bobsTurn);
    });

    const deleted = await a.gql<any>(DELETE, { id: sessionId }, bearer(BOB));
    expect(deleted.data).toEqual({ deleteSession: true });
    const alicesTurn = await aliceTakesTheId(a, b, sessionId);

    expectEndedWithoutLeak(watches, alicesTurn);
    await expectNotFound(watches);
    // Nothing of bob's is left listening on B (alice's own subscriber has left too).
    await vi.waitFor(() => expect(b.app.services.bus.listenerCount(sessionId)).toBe(0));
  });

  it('re-creating the id by the same user gives a new incarnation the old subscription never sees', async () => {
    const a = await startServer(env);
    const sessionId = crypto.randomUUID();
    await bobsSession(a, sessionId);
    const old = watch('ws afterSeq 0', a.wsClient(bearer(BOB)), { sessionId, afterSeq: 0 });
    await listenersReady(a.app, 1, sessionId);
    expect((await a.gql<any>(DELETE, { id: sessionId }, bearer(BOB))).data.deleteSession).toBe(
      true,
    );
    await expectNotFound([old]);

    const again = await a.gql<any>(
      SEND_CHAT,
      { input: { sessionId, content: 'fresh start' } },
      bearer(BOB),
    );
    expect(old.events.filter((e) => e.turnId === again.data.sendChat.id)).toEqual([]);
  });

  it('a pruned session ends its subscriptions too', async () => {
    const a = await startServer({ ...env, SESSION_MAX_SESSIONS: '1' });
    const first = crypto.randomUUID();
    await bobsSession(a, first);
    const sub = watch('ws live', a.wsClient(bearer(BOB)), { sessionId: first });
    await listenersReady(a.app, 1, first);
    await bobsSession(a, crypto.randomUUID());
    const pruned = await a.gql<any>(PRUNE, {}, bearer(ROOT));
    expect(pruned.data.pruneSessions.deleted).toBeGreaterThanOrEqual(1);
    await expectNotFound([sub]);
  });
});

describe('a deleted session stops its turns first', () => {
  it("bob deletes his session on B while its turn streams on A: the turn ends CANCELLED before the delete, and nothing of it lands in alice's session with the same id", async () => {
    const a = await startServer({ ...env, LOCAL_AGENT_TOKEN_DELAY_MS: '20' });
    const b = await startServer(env);
    const sessionId = crypto.randomUUID();
    const seen = watch('ws live', a.wsClient(bearer(BOB)), { sessionId });
    await listenersReady(a.app, 1, sessionId);
    const words = Array.from({ length: 300 }, (_, i) => `bobword${i}`).join(' ');
    const chat = a.gql<any>(SEND_CHAT, { input: { sessionId, content: words } }, bearer(BOB));
    await vi.waitFor(() => expect(seen.events.length).toBeGreaterThan(5), { timeout: 10_000 });

    const deleted = await b.gql<any>(DELETE, { id: sessionId }, bearer(BOB));
    expect(deleted.data).toEqual({ deleteSession: true });
    const answered = await chat;
    expect(answered.data?.sendChat.status).toBe('CANCELLED');
    expect(seen.events.at(-1)).toMatchObject({ __typename: 'DoneEvent', status: 'CANCELLED' });

    await aliceTakesTheId(a, b, sessionId);
    const hers = await a.gql<any>(
      'query($id: ID!) { session(id: $id) { messageCount usage { inputTokens } messages(first: 50) { edges { node { role content } } } } }',
      { id: sessionId },
      bearer(ALICE),
    );
    const contents = hers.data.session.messages.edges.map((e: any) => e.node.content);
    expect(contents.filter((c: string) => c.includes('bobword'))).toEqual([]);
    expect(hers.data.session.messageCount).toBe(2);
    expect(hers.data.session.usage.inputTokens).toBe(3); // "alice secret plan"
  });
});

describe('events carry their incarnation', () => {
  it('without the end notice (deleted behind the bus), the foreign events are not delivered and the subscription ends', async () => {
    const a = await startServer(env);
    const sessionId = crypto.randomUUID();
    await bobsSession(a, sessionId);
    const sub = watch('ws afterSeq 0', a.wsClient(bearer(BOB)), { sessionId, afterSeq: 0 });
    await listenersReady(a.app, 1, sessionId);
    // Straight in the store: no deleteSession mutation, so no notice on the bus.
    expect(await a.app.services.store.deleteSession(sessionId)).toBe(true);
    const alicesTurn = await aliceTakesTheId(a, a, sessionId);
    expectEndedWithoutLeak([sub], alicesTurn);
    await expectNotFound([sub]);
  });
});
