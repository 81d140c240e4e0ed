/**
 * Operations started per second per user over SSE (issue 11, case 4, after review):
 * WS_USER_SUBSCRIBES_PER_SECOND is one budget per user for every transport, so
 * subscribe-then-complete in a loop over graphql-sse's single-connection mode (POST then
 * DELETE on one reservation), its distinct-connections mode (GET /graphql/stream) and
 * Yoga's own SSE (GET /graphql) is refused past it with 429 RATE_LIMITED and
 * retryAfterMs, as a coded JSON error, while another user is not affected.
 */
import { afterEach, expect, it } from 'vitest';
import { SESSION_EVENTS } from './support/operations.js';
import { openRawWs } from './support/raw-ws.js';
import { disposeAll, listenersReady, startServer, type TestServer } from './support/server.js';
import { ALICE, AUTH_ENV, BOB, bearer } from './support/users.js';

afterEach(disposeAll);

const LIMIT = 3;
/** More rounds than the budget of a few windows; bounded in count and in time. */
const ROUNDS = 20;
const ENV = {
  ...AUTH_ENV,
  WS_SUBSCRIBES_PER_SECOND: '0',
  WS_USER_SUBSCRIBES_PER_SECOND: String(LIMIT),
};
const TOKEN_HEADER = 'x-graphql-event-stream-token';

interface Refusal {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: { errors: { message: string; extensions: Record<string, unknown> }[] };
}

/** Refusals must be a coded JSON 429 (never a 5xx), with retryAfterMs within a window. */
function expectRateLimited(refusal: Refusal | undefined) {
  expect(refusal, 'at least one operation was refused').toBeDefined();
  expect(refusal!.status).toBe(429);
  expect(refusal!.contentType).toMatch(/json/);
  const error = refusal!.body.errors[0]!;
  expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: LIMIT, per: 'user' });
  expect(error.extensions.retryAfterMs).toBeGreaterThan(0);
  expect(error.extensions.retryAfterMs).toBeLessThanOrEqual(1000);
  expect(Number(refusal!.retryAfter)).toBeGreaterThanOrEqual(1);
}

async function asRefusal(res: Response): Promise<Refusal> {
  const text = await res.text();
  expect(text, 'no stack trace').not.toMatch(/\n\s+at /);
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    body: JSON.parse(text),
  };
}

/** Runs `round` ROUNDS times (or until 20 s): what it accepted, a refusal, and the seconds it took. */
async function flood(round: (i: number) => Promise<Response>) {
  let accepted = 0;
  let refusal: Refusal | undefined;
  const started = Date.now();
  for (let i = 0; i < ROUNDS && Date.now() - started < 20_000; i++) {
    const res = await round(i);
    if (res.ok) {
      accepted++;
      await res.body?.cancel();
    } else refusal ??= await asRefusal(res);
  }
  const windows = Math.ceil((Date.now() - started) / 1000) + 1;
  return { accepted, refusal, windows };
}

async function subscriptionsRun(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line =
    /^parley_graphql_operations_total\{operation="subscription",transport="http"\} (\d+)/m;
  return Number(line.exec(text)?.[1] ?? 0);
}

async function reserve(server: TestServer, token: string): Promise<string> {
  const res = await fetch(`${server.url}/graphql/stream`, {
    method: 'PUT',
    headers: bearer(token),
  });
  expect(res.status).toBe(201);
  return res.text();
}

/** One subscribe + complete on a reservation (graphql-sse single-connection mode). */
async function postThenDelete(server: TestServer, user: string, stream: string, id: string) {
  const headers = { ...bearer(user), [TOKEN_HEADER]: stream };
  const posted = await fetch(`${server.url}/graphql/stream`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: SESSION_EVENTS,
      variables: { sessionId: `s-${id}` },
      extensions: { operationId: id },
    }),
  });
  if (posted.ok) {
    const query = `?operationId=${encodeURIComponent(id)}`;
    const stopped = await fetch(`${server.url}/graphql/stream${query}`, {
      method: 'DELETE',
      headers,
    });
    expect(stopped.status).toBeLessThan(300);
  }
  return posted;
}

/** One subscription on a connection of its own, closed as soon as it is answered. */
function getStream(server: TestServer, path: string, user: string, id: string) {
  const query = `?query=${encodeURIComponent(SESSION_EVENTS)}&variables=${encodeURIComponent(
    JSON.stringify({ sessionId: `g-${id}` }),
  )}`;
  return fetch(`${server.url}${path}${query}`, {
    headers: { ...bearer(user), accept: 'text/event-stream' },
  });
}

it('single-connection mode: POST then DELETE in a loop is refused past the per-user limit; bob is not', async () => {
  const server = await startServer(ENV);
  const stream = await reserve(server, ALICE);
  const { accepted, refusal, windows } = await flood((i) =>
    postThenDelete(server, ALICE, stream, `op-${i}`),
  );
  expectRateLimited(refusal);
  expect(accepted).toBeGreaterThanOrEqual(1);
  expect(accepted).toBeLessThanOrEqual(LIMIT * windows);
  expect(accepted).toBeLessThan(ROUNDS);
  // A refused operation never reached its resolver (no store read, no bus listener).
  expect(await subscriptionsRun(server)).toBe(accepted);
  // Bob's budget is his own.
  const bobs = await reserve(server, BOB);
  expect((await postThenDelete(server, BOB, bobs, 'bob-1')).status).toBe(202);
  // And alice's reservation still works once the window is over.
  const { retryAfterMs } = refusal!.body.errors[0]!.extensions as { retryAfterMs: number };
  await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
  expect((await postThenDelete(server, ALICE, stream, 'after')).status).toBe(202);
});

it.each([
  { mode: "graphql-sse's distinct connections", path: '/graphql/stream' },
  { mode: "Yoga's own SSE", path: '/graphql' },
])(
  '$mode (GET $path): a loop of subscriptions is refused past the per-user limit; bob is not',
  async ({ path }) => {
    const server = await startServer(ENV);
    const { accepted, refusal, windows } = await flood((i) =>
      getStream(server, path, ALICE, String(i)),
    );
    expectRateLimited(refusal);
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(LIMIT * windows);
    expect(accepted).toBeLessThan(ROUNDS);
    const bobs = await getStream(server, path, BOB, 'bob');
    expect(bobs.status).toBe(200);
    await bobs.body?.cancel();
  },
);

it('one budget per user over every transport: SSE starts use up the WebSocket one, counted once each', async (ctx) => {
  const server = await startServer(ENV);
  const alice = await openRawWs(server.wsUrl, ALICE);
  const started = Date.now();
  // The whole budget spent on Yoga's SSE...
  const streams = await Promise.all(
    Array.from({ length: LIMIT }, (_, i) => getStream(server, '/graphql', ALICE, `x-${i}`)),
  );
  for (const res of streams) {
    expect(res.status).toBe(200);
    await res.body?.cancel();
  }
  // ...leaves none for a WebSocket operation in the same window.
  alice.subscribe('ws-1', SESSION_EVENTS, { sessionId: 'ws-1' });
  const answer = await Promise.race([
    alice.message((m) => m.id === 'ws-1'),
    listenersReady(server.app, 1, 'ws-1').then(() => ({ type: 'started' })),
  ]);
  // A machine so slow that a window ended meanwhile proves nothing either way.
  if (Date.now() - started >= 1000) ctx.skip();
  expect(answer.type).toBe('error');
  expect(answer.payload[0].extensions).toMatchObject({ code: 'RATE_LIMITED', per: 'user' });
  // Bob's WebSocket is not affected, and each of his operations takes one point, not
  // two (websocket.ts counts it; the envelop plugin leaves WebSocket operations alone).
  const bob = await openRawWs(server.wsUrl, BOB);
  for (let i = 0; i < LIMIT; i++) bob.subscribe(`b${i}`, SESSION_EVENTS, { sessionId: `bob-${i}` });
  for (let i = 0; i < LIMIT; i++) await listenersReady(server.app, 1, `bob-${i}`);
  expect(bob.messages.filter((m) => m.type === 'error')).toEqual([]);
});
