/**
 * /graphql/stream (graphql-sse's single-connection mode) under attack, with real
 * fetch and the real graphql-sse client: a reservation (PUT) needs the same
 * credentials as /graphql, a user holds a bounded number of them, an unused one
 * expires, a closed stream frees its own, and every refusal is a coded JSON error
 * (never a 500 or a stack trace).
 */
import { once } from 'node:events';
import { createClient, type NetworkError } from 'graphql-sse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sseReservationCount, sseReservationsOf } from '../src/server/sse-reservations.js';
import { type EventsData, SEND_CHAT, SESSION_EVENTS } from './support/operations.js';
import { disposeAll, listenersReady, startServer, type TestServer } from './support/server.js';
import { ALICE, AUTH_ENV, BOB, bearer } from './support/users.js';

afterEach(disposeAll);

const TOKEN_HEADER = 'x-graphql-event-stream-token';

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

async function call(
  server: TestServer,
  method: string,
  opts: { headers?: Record<string, string>; body?: unknown; query?: string } = {},
): Promise<Answer> {
  const res = await fetch(`${server.url}/graphql/stream${opts.query ?? ''}`, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    body:
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text: await res.text(),
  };
}

/** A coded GraphQL error as JSON: never a 5xx, text/plain or a stack trace. */
function expectCoded(answer: Answer, status: number, code: string) {
  expect(answer.text, 'no stack trace').not.toMatch(/\n\s+at /);
  expect(answer.contentType).toMatch(/json/);
  expect(answer.status).toBe(status);
  const body = JSON.parse(answer.text) as {
    errors: { message: string; extensions: Record<string, unknown> }[];
  };
  expect(body.errors.length).toBeGreaterThan(0);
  expect(body.errors[0]!.message).toEqual(expect.any(String));
  expect(body.errors[0]!.extensions.code).toBe(code);
  return body.errors[0]!;
}

const reserve = (server: TestServer, token = ALICE) =>
  call(server, 'PUT', { headers: bearer(token) });

async function reservedToken(server: TestServer, token = ALICE): Promise<string> {
  const answer = await reserve(server, token);
  expect(answer.status).toBe(201);
  return answer.text;
}

describe('PUT /graphql/stream (a reservation)', () => {
  it('needs credentials when auth is configured: 401 UNAUTHENTICATED, nothing reserved', async () => {
    const server = await startServer(AUTH_ENV);
    expectCoded(await call(server, 'PUT'), 401, 'UNAUTHENTICATED');
    expectCoded(await reserve(server, 'not-a-token-0123456789'), 401, 'UNAUTHENTICATED');
    expect(sseReservationCount(server.app.services)).toBe(0);
    // The distinct-connections mode at the same path needs them as well.
    const stream = await call(server, 'GET', {
      headers: { accept: 'text/event-stream' },
      query: `?query=${encodeURIComponent('{ __typename }')}`,
    });
    expectCoded(stream, 401, 'UNAUTHENTICATED');
  });

  it('a flood of PUTs by one user stays bounded: past the cap 429 RATE_LIMITED, others unaffected', async () => {
    const cap = 5;
    const server = await startServer({ ...AUTH_ENV, SSE_MAX_RESERVATIONS: String(cap) });
    const statuses = new Map<number, number>();
    let sampleRefusal: Answer | undefined;
    const deadline = Date.now() + 30_000;
    // 2,000 PUTs, 50 at a time, within 30 s.
    for (let round = 0; round < 40 && Date.now() < deadline; round++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => reserve(server)));
      for (const answer of answers) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status !== 201) sampleRefusal ??= answer;
      }
    }
    const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(sent).toBeGreaterThanOrEqual(500); // even on a slow machine
    expect(Object.fromEntries(statuses)).toEqual({ 201: cap, 429: sent - cap });
    const refusal = expectCoded(sampleRefusal!, 429, 'RATE_LIMITED');
    expect(refusal.extensions.limit).toBe(cap);
    expect(sseReservationCount(server.app.services)).toBe(cap);
    // The cap is per user: bob still gets his.
    expect((await reserve(server, BOB)).status).toBe(201);
  });

  it('an unused reservation expires, ending what was posted to it; a closed stream frees its own', async () => {
    const server = await startServer({
      ...AUTH_ENV,
      SSE_MAX_RESERVATIONS: '1',
      SSE_RESERVATION_TTL_MS: '300',
    });
    const reservations = sseReservationsOf(server.app.services)!;
    const token = await reservedToken(server);
    const lapsed = once(reservations, 'released');
    expectCoded(await reserve(server), 429, 'RATE_LIMITED');
    // A subscription posted to the reservation, whose stream is never connected.
    const posted = await call(server, 'POST', {
      headers: { ...bearer(ALICE), [TOKEN_HEADER]: token },
      body: {
        query: SESSION_EVENTS,
        variables: { sessionId: crypto.randomUUID() },
        extensions: { operationId: 'op-1' },
      },
    });
    expect(posted.status).toBe(202);
    await listenersReady(server.app, 1);

    expect(await lapsed).toEqual([token]);
    expect(sseReservationCount(server.app.services)).toBe(0);
    // Its subscription ends with it (the handler disposes of the stream), and its token is gone.
    await vi.waitFor(() => expect(server.app.services.bus.listenerCount()).toBe(0), {
      timeout: 5000,
      interval: 10,
    });
    const late = await call(server, 'GET', {
      headers: { ...bearer(ALICE), accept: 'text/event-stream', [TOKEN_HEADER]: token },
    });
    expectCoded(late, 404, 'NOT_FOUND');

    // A connected stream does not lapse: it outlives a reservation made after it.
    const client = createClient({
      url: `${server.url}/graphql/stream`,
      singleConnection: true,
      retryAttempts: 0,
      headers: bearer(ALICE),
    });
    const unsubscribe = client.subscribe(
      { query: SESSION_EVENTS, variables: { sessionId: crypto.randomUUID() } },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    await listenersReady(server.app, 1);
    const bobs = await reservedToken(server, BOB);
    expect(await once(reservations, 'released')).toEqual([bobs]);
    expect(sseReservationCount(server.app.services)).toBe(1);
    // Closing it frees its reservation at once.
    const freed = once(reservations, 'released');
    unsubscribe();
    client.dispose();
    await freed;
    expect(sseReservationCount(server.app.services)).toBe(0);
    expect((await reserve(server)).status).toBe(201);
  });
});

describe('operations on one stream', () => {
  it('at most WS_MAX_SUBSCRIPTIONS at once: then 429, and a finished or stopped one frees its place', async () => {
    const server = await startServer({ ...AUTH_ENV, WS_MAX_SUBSCRIPTIONS: '2' });
    const token = await reservedToken(server);
    const alice = { ...bearer(ALICE), [TOKEN_HEADER]: token };
    const post = (query: string, operationId: string, variables = {}) =>
      call(server, 'POST', {
        headers: alice,
        body: { query, variables, extensions: { operationId } },
      });
    const subscribe = (operationId: string) =>
      post(SESSION_EVENTS, operationId, { sessionId: crypto.randomUUID() });
    // Queries complete at once: any number of them, one after another.
    for (let i = 0; i < 5; i++) expect((await post('{ __typename }', `q${i}`)).status).toBe(202);
    expect((await subscribe('s1')).status).toBe(202);
    expect((await subscribe('s2')).status).toBe(202);
    const refused = expectCoded(await subscribe('s3'), 429, 'RATE_LIMITED');
    expect(refused.extensions.limit).toBe(2);
    const stopped = await call(server, 'DELETE', { headers: alice, query: '?operationId=s1' });
    expect(stopped.status).toBe(200);
    // s3 again: its place is free, and so is its id (refused, it was never kept).
    expect((await subscribe('s3')).status).toBe(202);
    await listenersReady(server.app, 2);
  });
});

describe('POST /graphql/stream: every refusal a coded JSON error', () => {
  it('bad tokens, credentials and documents get 4xx with extensions.code', async () => {
    const server = await startServer({ ...AUTH_ENV, MAX_DEPTH: '3' });
    const token = await reservedToken(server);
    const bobs = await reservedToken(server, BOB);
    let n = 0;
    const post = (query: string, headers: Record<string, string>, extra: object = {}) =>
      call(server, 'POST', {
        headers,
        body: { query, extensions: { operationId: `op-${n++}` }, ...extra },
      });
    const alice = { ...bearer(ALICE), [TOKEN_HEADER]: token };

    expectCoded(await post('{ __typename }', bearer(ALICE)), 400, 'BAD_REQUEST');
    expectCoded(
      await post('{ __typename }', { ...bearer(ALICE), [TOKEN_HEADER]: 'nope' }),
      404,
      'NOT_FOUND',
    );
    // Another user's token is as unknown as a made-up one.
    expectCoded(
      await post('{ __typename }', { ...bearer(ALICE), [TOKEN_HEADER]: bobs }),
      404,
      'NOT_FOUND',
    );
    expectCoded(await post('{ __typename }', { [TOKEN_HEADER]: token }), 401, 'UNAUTHENTICATED');
    expectCoded(await post('{', alice), 400, 'GRAPHQL_PARSE_FAILED');
    const nesting = expectCoded(
      await post(`${'{'.repeat(200)}a${'}'.repeat(200)}`, alice),
      400,
      'BAD_USER_INPUT',
    );
    expect(nesting.extensions.rule).toBe('maxNesting');
    const depth = expectCoded(
      await post('{ sessions { edges { node { messages { edges { node { id } } } } } } }', alice),
      400,
      'BAD_USER_INPUT',
    );
    expect(depth.extensions).toMatchObject({ rule: 'maxDepth', limit: 3 });
    expectCoded(await post('{ nope }', alice), 400, 'GRAPHQL_VALIDATION_FAILED');
    expectCoded(
      await post('query A { __typename } query B { __typename }', alice),
      400,
      'OPERATION_RESOLUTION_FAILURE', // Yoga's own code, as on /graphql
    );
    expectCoded(
      await call(server, 'POST', { headers: alice, body: { query: '{ __typename }' } }),
      400,
      'BAD_REQUEST',
    );
    expectCoded(
      await call(server, 'POST', { headers: alice, body: '{"query":' }),
      400,
      'BAD_REQUEST',
    );
    expectCoded(
      await call(server, 'DELETE', {
        headers: { ...bearer(ALICE), [TOKEN_HEADER]: 'nope' },
        query: '?operationId=x',
      }),
      404,
      'NOT_FOUND',
    );
    expectCoded(
      await call(server, 'GET', {
        headers: { ...bearer(ALICE), accept: 'text/event-stream', [TOKEN_HEADER]: 'nope' },
      }),
      404,
      'NOT_FOUND',
    );
    // And the reservation still works after all that; a refused operation's id is free
    // again (the handler had taken it before the document was refused).
    expect((await post('{ __typename }', alice)).status).toBe(202);
    const again = (query: string) =>
      call(server, 'POST', {
        headers: alice,
        body: { query, extensions: { operationId: 'again' } },
      });
    expectCoded(await again('{'), 400, 'GRAPHQL_PARSE_FAILED');
    expect((await again('{ __typename }')).status).toBe(202);
  });
});

describe('graphql-sse client, single connection, with auth', () => {
  it('a refused operation gets a coded error, and the stream goes on to carry a whole turn', async () => {
    const server = await startServer(AUTH_ENV);
    const client = createClient({
      url: `${server.url}/graphql/stream`,
      singleConnection: true,
      retryAttempts: 0,
      headers: bearer(ALICE),
    });
    try {
      const refused = await new Promise<NetworkError>((resolve, reject) => {
        client.subscribe(
          { query: 'subscription { nope }' },
          {
            next: () => reject(new Error('got a result')),
            error: resolve,
            complete: () => reject(new Error('completed')),
          },
        );
      });
      // (The client aborts the response before its body can be read: the raw-fetch test
      // above reads the coded errors.)
      expect(refused.response?.status).toBe(400);

      const sessionId = crypto.randomUUID();
      const kinds: string[] = [];
      const done = new Promise<void>((resolve, reject) => {
        client.subscribe<EventsData>(
          { query: SESSION_EVENTS, variables: { sessionId } },
          {
            next: (result) => {
              if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
              kinds.push(result.data!.sessionEvents.__typename);
              if (result.data!.sessionEvents.__typename === 'DoneEvent') resolve();
            },
            error: reject,
            complete: () => reject(new Error('completed before the DoneEvent')),
          },
        );
      });
      await listenersReady(server.app, 1);
      const sent = await server.gql(
        SEND_CHAT,
        { input: { sessionId, content: 'hi' } },
        bearer(ALICE),
      );
      expect(sent.errors).toBeUndefined();
      await done;
      expect(kinds.at(-1)).toBe('DoneEvent');
      expect(kinds.length).toBeGreaterThan(2);
    } finally {
      client.dispose();
    }
  });
});
