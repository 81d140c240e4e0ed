/**
 * MongoDB outage: with the database gone, operations fail with DB_UNAVAILABLE within
 * a bounded time, /ready says 503 while /health stays 200, the process keeps serving,
 * and once the database is back everything works again without a restart. Runs on a
 * private FerretDB so stopping it disturbs no other test.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MongoStore } from '../src/store/mongo.js';
import { restartableFerretDb } from './support/ferretdb.js';
import { SEND_CHAT, SESSION, SESSION_EVENTS } from './support/operations.js';
import {
  collect,
  disposeAll,
  listenersReady,
  startServer,
  type TestServer,
} from './support/server.js';

/** MongoStore's default server selection timeout is 5 s; allow for the turn's later writes. */
const BOUND_MS = 8000;
/**
 * A turn the outage interrupts: its event batch is retried once within half the lease
 * (the turn's group commit, runtime/turns/turn.ts), and that attempt may wait for server
 * selection too, before the turn's ending fails the same way: two waits of 5 s at most,
 * and slack.
 */
const MID_TURN_BOUND_MS = 2 * 5000 + 3000;

async function database() {
  const db = await restartableFerretDb();
  cleanups.push(db.dispose);
  return db;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await disposeAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

const codeOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;

async function readyStatus(s: TestServer): Promise<number> {
  return (await fetch(`${s.url}/ready`)).status;
}

async function untilReady(s: TestServer): Promise<void> {
  await vi.waitFor(
    async () => {
      if ((await readyStatus(s)) !== 200) throw new Error('not ready yet');
    },
    // Generous: on a loaded 2-core machine FerretDB and the driver take a while to come back.
    { timeout: 45_000, interval: 200 },
  );
}

describe('MongoDB outage', () => {
  it('fails fast with DB_UNAVAILABLE, reports not ready, and recovers by itself', async () => {
    // Production wiring: the server opens the store from MONGODB_URI with its defaults.
    const db = await database();
    const s = await startServer({ MONGODB_URI: db.uri, MONGODB_DB: 'outage' });
    const sent = await s.gql<any>(SEND_CHAT, { input: { content: 'what is 2+3*4?' } });
    expect(sent.errors).toBeUndefined();
    const sessionId: string = sent.data.sendChat.sessionId;
    expect(await readyStatus(s)).toBe(200);

    // The driver's monitor notices within one heartbeat (10 s); until then requests fail
    // at once (connection refused), afterwards each waits for a server up to the server
    // selection timeout (5 s). Both phases must answer DB_UNAVAILABLE in time.
    const store = s.app.services.store as MongoStore;
    const noticed = new Promise<void>((resolve) =>
      store.client.on('serverDescriptionChanged', (e) => {
        if (e.newDescription.type === 'Unknown') resolve();
      }),
    );
    await db.stop();
    const early = await timed(s.gql(SESSION, { id: sessionId }));
    expect(codeOf(early.value)).toBe('DB_UNAVAILABLE');
    expect(early.ms).toBeLessThan(BOUND_MS);
    await noticed;

    const [query, chat] = await Promise.all([
      timed(s.gql(SESSION, { id: sessionId })),
      timed(s.gql(SEND_CHAT, { input: { sessionId, content: 'are you there?' } })),
    ]);
    expect(codeOf(query.value)).toBe('DB_UNAVAILABLE');
    expect(codeOf(chat.value)).toBe('DB_UNAVAILABLE');
    expect(query.ms).toBeLessThan(BOUND_MS);
    expect(chat.ms).toBeLessThan(BOUND_MS);
    // Nothing about the database leaks to the client.
    expect(query.value.errors?.[0]?.message).toBe('the database is unavailable; try again shortly');

    const ready = await timed(readyStatus(s));
    expect(ready.value).toBe(503);
    expect(ready.ms).toBeLessThan(4000);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    console.info(
      `outage: first query ${Math.round(early.ms)} ms; then session query ${Math.round(query.ms)} ms, sendChat ${Math.round(chat.ms)} ms, /ready ${Math.round(ready.ms)} ms`,
    );

    await db.restart();
    const back = performance.now();
    await untilReady(s);
    console.info(`recovery: /ready 200 ${Math.round(performance.now() - back)} ms after restart`);

    const after = await s.gql<any>(SESSION, { id: sessionId });
    expect(after.errors).toBeUndefined();
    expect(after.data.session.messages.edges.map((e: any) => e.node.role)).toEqual([
      'USER',
      'AGENT',
    ]);
    const again = await s.gql<any>(SEND_CHAT, { input: { sessionId, content: 'what is 6*7?' } });
    expect(again.errors).toBeUndefined();
    expect(again.data.sendChat.status).toBe('COMPLETED');
    expect(again.data.sendChat.reply).toContain('42');
    expect(again.data.sendChat.session.messageCount).toBe(4);
  }, 120_000);

  it('ends a turn the outage interrupts: the client gets DB_UNAVAILABLE, nothing hangs', async () => {
    const db = await database();
    // Slow tokens keep the turn running when the database goes; a short lease lets the
    // interrupted turn be closed soon after the database is back.
    const s = await startServer({
      MONGODB_URI: db.uri,
      MONGODB_DB: 'outage',
      LOCAL_AGENT_TOKEN_DELAY_MS: '50',
      TURN_LEASE_MS: '1000',
    });
    const sessionId = 'interrupted';
    const isDone = (item: any) => item.data?.sessionEvents?.__typename === 'DoneEvent';
    const events = collect<any>(s.wsClient(), SESSION_EVENTS, { sessionId }, isDone);
    await listenersReady(s.app, 1);
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const chat = s.gql<any>(SEND_CHAT, { input: { sessionId, content: words } });
    await vi.waitFor(() => expect(events.results.length).toBeGreaterThan(2), { timeout: 10_000 });

    await db.stop(); // FerretDB shuts down gracefully, which takes a moment of its own
    const stopped = performance.now();
    const failed = await chat;
    const ms = performance.now() - stopped;
    expect(codeOf(failed)).toBe('DB_UNAVAILABLE');
    expect(ms).toBeLessThan(MID_TURN_BOUND_MS);
    expect(s.app.services.runner.activeTurns).toBe(0);
    console.info(
      `mid-turn outage: sendChat answered ${Math.round(ms)} ms after the database was gone`,
    );

    await db.restart();
    await untilReady(s);
    // Subscribers get no DoneEvent while the database is down (an event is stored before
    // it is published). Once it is back, the lease sweeper closes the interrupted turn
    // as FAILED and they get its DoneEvent; the session takes new turns.
    const done = (await events.done).at(-1)!.data.sessionEvents;
    // FAILED, unless (on a loaded machine) the turn stored its agent message just before
    // the database went: then that stored outcome is the DoneEvent's, never a contradiction.
    expect(done).toMatchObject({
      __typename: 'DoneEvent',
      status: expect.stringMatching(/^(FAILED|COMPLETED)$/),
    });
    const again = await s.gql<any>(SEND_CHAT, { input: { sessionId, content: 'what is 6*7?' } });
    expect(again.errors).toBeUndefined();
    expect(again.data.sendChat.reply).toContain('42');
    // Events stamped but never stored were dropped, not skipped: seqs stay 1..N.
    const stored = await s.app.services.store.readEvents(sessionId, 0, 10_000);
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    const history = await s.gql<any>(SESSION, { id: sessionId });
    expect(
      history.data.session.messages.edges.map((e: any) => `${e.node.role} ${e.node.status}`),
    ).toEqual(['USER null', `AGENT ${done.status}`, 'USER null', 'AGENT COMPLETED']);
  }, 120_000);
});
