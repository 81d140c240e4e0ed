/**
 * A subscriber that stops reading must not grow the server's memory or slow anyone
 * else: its bounded buffer overflows, its subscription ends with SUBSCRIBER_LAGGED,
 * and it can resume with afterSeq. 20,000 events flow past it.
 */
import { afterAll, expect, it } from 'vitest';
import { type EventsData, SEND_CHAT, SESSION_EVENTS } from './support/operations.js';
import { openRawWs } from './support/raw-ws.js';
import {
  collect,
  disposeAll,
  listenersReady,
  startServer,
  type TestServer,
} from './support/server.js';

const BUFFER = 200;
/** The bound this test holds the server to: what a stalled subscriber may cost its heap. */
const HEAP_BOUND_BYTES = 4 * 1024 * 1024;
const LAGGARDS = 2;

afterAll(disposeAll);

// Each event the laggard asks for is ~2 KiB on the wire, so 20,000 of them are far more
// than the kernel's socket buffers hold: the server feels the stall.
const FAT_SELECTION = `subscription($sessionId: ID!) {
  sessionEvents(sessionId: $sessionId) {
    __typename
    ... on TurnEvent { seq ${Array.from({ length: 40 }, (_, i) => `s${i}: sessionId`).join(' ')} }
  }
}`;

/** A raw graphql-transport-ws client that can stop reading (pause its socket). */
async function laggard(wsUrl: string, sessionId: string) {
  const raw = await openRawWs(wsUrl);
  raw.subscribe('lag', FAT_SELECTION, { sessionId });
  return raw;
}

async function heapUsed(): Promise<number> {
  global.gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  global.gc?.();
  return process.memoryUsage().heapUsed;
}

const CONTENT = `${'x '.repeat(19_999)}x`;
/** TurnStarted + reasoning + 20,002 tokens ("You ", "said: ", 20,000 x) + usage + done. */
const EVENTS_PER_TURN = 20_006;

/** Runs one 20,000-event turn on a fresh session with a reading subscriber; returns its session. */
async function turnWithReader(s: TestServer, before?: (sessionId: string) => Promise<void>) {
  const sessionId = crypto.randomUUID();
  let received = 0;
  let gaps = 0;
  let lastSeq = 0;
  const reader = collect<EventsData>(s.wsClient(), SESSION_EVENTS, { sessionId }, (r) => {
    if (!r.data) throw new Error(`reader got an error: ${JSON.stringify(r.errors)}`);
    const event = r.data.sessionEvents;
    if (event.seq !== lastSeq + 1) gaps++;
    lastSeq = event.seq;
    received++;
    return event.__typename === 'DoneEvent';
  });
  await listenersReady(s.app, 1, sessionId);
  await before?.(sessionId);
  const sent = await s.gql<any>(SEND_CHAT, { input: { sessionId, content: CONTENT } });
  expect(sent.data!.sendChat.status).toBe('COMPLETED');
  await reader.done;
  // Every event, in order, although another subscriber stalled.
  expect({ received, gaps }).toEqual({ received: EVENTS_PER_TURN, gaps: 0 });
  return sessionId;
}

it('a subscriber that never reads while 20,000 events flow is cut off; others get everything', async () => {
  // The in-memory store: FerretDB's SQLite backend scans a collection per query, which
  // would make this a test of FerretDB. The store's own growth is the same for both
  // turns below, so the difference is what the stalled subscriber costs the server.
  const s = await startServer({
    SUBSCRIPTION_BUFFER: String(BUFFER),
    SUBSCRIPTION_STALL_MS: '1000',
    MAX_ALIASES: '40', // FAT_SELECTION's 40 aliases make each event big on purpose
  });

  await turnWithReader(s); // warm-up: code and caches settle before anything is measured
  const start = await heapUsed();
  await turnWithReader(s);
  const control = (await heapUsed()) - start;

  const stalled: Awaited<ReturnType<typeof laggard>>[] = [];
  const mid = await heapUsed();
  const sessionId = await turnWithReader(s, async (sessionId) => {
    for (let i = 0; i < LAGGARDS; i++) stalled.push(await laggard(s.wsUrl, sessionId));
    await listenersReady(s.app, 1 + LAGGARDS, sessionId);
    // They stop reading: the kernel buffers fill, then the server's writes stall.
    for (const { ws } of stalled) ws.pause();
  });
  const withLaggards = (await heapUsed()) - mid;
  const cost = withLaggards - control;
  console.log(
    `heap growth per 20,000-event turn: ${mib(control)} MiB; with ${LAGGARDS} stalled subscribers connected: ${mib(withLaggards)} MiB`,
  );
  expect(cost).toBeLessThan(HEAP_BOUND_BYTES);
  // Cut off while their sockets are still open and paused: the server keeps nothing for them.
  await expect.poll(() => s.app.services.bus.listenerCount(sessionId), { timeout: 5000 }).toBe(0);
  const [slow] = stalled;

  // The laggard reads again: what was in flight, then the error saying how to resume.
  slow!.ws.resume();
  await expect
    .poll(() => slow!.messages.some((m) => m.type === 'complete'), { timeout: 10_000 })
    .toBe(true);
  const nexts = slow!.messages.filter((m) => m.type === 'next');
  const lagged = nexts.at(-1);
  // From its subscription (which fell BUFFER events behind) or from its socket, which
  // stopped reading (ws-flow.ts: test/laggard-socket.test.ts), whichever saw it first.
  expect(lagged.payload.errors[0].extensions).toMatchObject({ code: 'SUBSCRIBER_LAGGED' });
  const seqs = nexts.slice(0, -1).map((m) => m.payload.data.sessionEvents.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(lagged.payload.errors[0].extensions.lastSeq).toBe(seqs.at(-1));
  expect(seqs.length).toBeLessThan(EVENTS_PER_TURN);
  for (const { ws } of stalled) ws.close();
}, 120_000);

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
