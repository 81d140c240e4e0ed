/**
 * Issue 11, case 4: the open-then-complete flood. Four authenticated raw sockets each
 * send `subscribe` (sessionEvents on the flooder's own session) immediately followed by
 * `complete`, 10,000 times, against a Parley in a child process (so its RSS is its
 * own). WS_MAX_SUBSCRIPTIONS never trips (each operation is over before the next), so
 * only a per-time limit and releasing a completed operation's work at once bound what
 * the flood costs. Meanwhile another user's `sessions` query over HTTP must be answered.
 */
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { type ChildServer, startChildServer } from './support/child-server.js';
import { type TestDatabase, useTestDatabase } from './support/mongo.js';
import { SEND_CHAT, SESSION_EVENTS } from './support/operations.js';
import { openRawWs } from './support/raw-ws.js';
import { post } from './support/server.js';

const TOKENS = {
  mallory: 'tok-mallory-0123456789abcdef',
  trudy: 'tok-trudy-0123456789abcdef',
  victor: 'tok-victor-0123456789abcdef',
};
const AUTH_TOKENS = Object.entries(TOKENS)
  .map(([user, token]) => `${token}=${user}`)
  .join(',');
const as = (user: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[user]}` });

const SOCKETS: (keyof typeof TOKENS)[] = ['mallory', 'mallory', 'trudy', 'trudy'];
const PAIRS = 10_000;
/** Pairs written before waiting for the kernel to take them (the client's own memory). */
const CHUNK = 250;
/** The whole flood, on any code: it must end (or be cut off) by then. */
const FLOOD_DEADLINE_MS = 120_000;
/** On the code before the fix: +1,288 MB (263 -> 1,551 MB), the victim's query took 44 s. */
const RSS_GROWTH_BOUND_MB = 150;
/** Generous: the point is "answered", not "fast" (npm run bench measures the ratio). */
const VICTIM_LATENCY_BOUND_MS = 10_000;

let db: TestDatabase | undefined;
let child: ChildServer | undefined;
afterAll(async () => {
  child?.process.kill('SIGKILL');
  await child?.exited;
  await db?.drop();
});

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

interface FloodOutcome {
  pairsSent: number;
  closeCode: number | undefined;
  closeReason: string | undefined;
  rateLimited: { retryAfterMs: number } | undefined;
}

/**
 * Sends the pairs as fast as the socket takes them, then a ping: its pong means the
 * server has read everything (graphql-ws answers in order). Ends early if the server
 * closes the socket.
 */
async function flood(ws: WebSocket, sessionId: string, socketNo: number): Promise<FloodOutcome> {
  const outcome: FloodOutcome = {
    pairsSent: 0,
    closeCode: undefined,
    closeReason: undefined,
    rateLimited: undefined,
  };
  const closed = new Promise<void>((resolve) =>
    ws.once('close', (code, reason) => {
      outcome.closeCode = code;
      outcome.closeReason = String(reason);
      resolve();
    }),
  );
  const ponged = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'pong') resolve();
      const code = message.payload?.[0]?.extensions?.code;
      if (message.type === 'error' && code === 'RATE_LIMITED') {
        outcome.rateLimited ??= message.payload[0].extensions;
      }
    }),
  );
  const payload = { query: SESSION_EVENTS, variables: { sessionId } };
  for (let i = 0; i < PAIRS && ws.readyState === ws.OPEN; ) {
    const written = new Promise<void>((resolve) => {
      for (const end = Math.min(i + CHUNK, PAIRS); i < end; i++) {
        const id = `${socketNo}-${i}`;
        ws.send(JSON.stringify({ id, type: 'subscribe', payload }));
        ws.send(JSON.stringify({ id, type: 'complete' }), () => resolve());
        outcome.pairsSent++;
      }
    });
    await Promise.race([written, closed]);
  }
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
  await Promise.race([ponged, closed]);
  return outcome;
}

async function activeSubscriptions(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^parley_active_subscriptions (\d+)/m.exec(text)?.[1]);
}

it('an open-then-complete flood on 4 sockets costs bounded memory and leaves other users answered', {
  timeout: FLOOD_DEADLINE_MS + 60_000,
}, async () => {
  db = await useTestDatabase('ws-flood');
  child = await startChildServer({
    MONGODB_URI: db.uri,
    MONGODB_DB: db.dbName,
    AUTH_TOKENS,
    LOCAL_AGENT_TOKEN_DELAY_MS: '0',
  });
  const { url } = child;
  const pid = child.process.pid!;
  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;

  // Each flooder subscribes to a session of its own that exists (a store read each).
  const sessionOf: Record<string, string> = {};
  for (const user of ['mallory', 'trudy', 'victor'] as const) {
    const sent = await post(
      url,
      { query: SEND_CHAT, variables: { input: { content: 'hello' } } },
      as(user),
    );
    expect(sent.body.errors).toBeUndefined();
    sessionOf[user] = sent.body.data.sendChat.sessionId;
  }
  const sessionsQuery = { query: '{ sessions(first: 5) { totalCount edges { node { id } } } }' };
  const warm = await post(url, sessionsQuery, as('victor'));
  expect(warm.body.data.sessions.totalCount).toBe(1);

  const sockets = (await Promise.all(SOCKETS.map((user) => openRawWs(wsUrl, TOKENS[user])))).map(
    (raw) => raw.ws,
  );
  const rssBefore = rssMb(pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb(pid));
  }, 100);

  // Victor asks for his sessions, one request after another, while the flood lasts.
  let flooding = true;
  const latencies: number[] = [];
  const victim = (async () => {
    while (flooding) {
      const started = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as('victor') },
        body: JSON.stringify(sessionsQuery),
        signal: AbortSignal.timeout(FLOOD_DEADLINE_MS),
      });
      const body = (await res.json()) as { data: { sessions: { totalCount: number } } };
      expect(body.data.sessions.totalCount).toBe(1);
      latencies.push(performance.now() - started);
    }
  })();

  const started = performance.now();
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('flood not over in time')), FLOOD_DEADLINE_MS).unref(),
  );
  const outcomes = await Promise.race([
    Promise.all(sockets.map((ws, n) => flood(ws, sessionOf[SOCKETS[n]!]!, n))),
    deadline,
  ]).finally(() => {
    flooding = false;
  });
  await victim;
  const floodSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, rssMb(pid));
  for (const ws of sockets) ws.terminate();

  const growth = rssPeak - rssBefore;
  const worstLatency = Math.max(...latencies);
  console.log(
    `ws flood: RSS ${rssBefore.toFixed(0)} -> peak ${rssPeak.toFixed(0)} MB (+${growth.toFixed(0)} MB) in ${floodSeconds.toFixed(1)} s;`,
    `victim: ${latencies.length} queries, worst ${worstLatency.toFixed(0)} ms;`,
    `sockets: ${outcomes.map((o) => `${o.pairsSent} sent, close ${o.closeCode ?? '-'}`).join('; ')}`,
  );

  expect(growth).toBeLessThan(RSS_GROWTH_BOUND_MB);
  expect(latencies.length).toBeGreaterThan(0);
  expect(worstLatency).toBeLessThan(VICTIM_LATENCY_BOUND_MS);
  // Every flooder was told (RATE_LIMITED with retryAfterMs) or cut off (4429).
  for (const outcome of outcomes) {
    const told = outcome.rateLimited !== undefined || outcome.closeCode === 4429;
    expect(told).toBe(true);
    if (outcome.rateLimited) expect(outcome.rateLimited.retryAfterMs).toBeGreaterThan(0);
    if (outcome.closeCode === 4429) expect(outcome.closeReason).toMatch(/subscribe/i);
  }
  // Nothing of the completed operations is left behind.
  await expect.poll(() => activeSubscriptions(url), { timeout: 10_000 }).toBe(0);
  // And the server still serves a well-behaved subscriber.
  const raw = await openRawWs(wsUrl, TOKENS.victor);
  raw.subscribe('ok', SESSION_EVENTS, { sessionId: sessionOf.victor, afterSeq: 0 });
  const first = await raw.message((m) => m.id === 'ok');
  expect(first).toMatchObject({ id: 'ok', type: 'next' });
  expect(first.payload.data.sessionEvents.seq).toBe(1);
  const ws = raw.ws;
  ws.close();
});
