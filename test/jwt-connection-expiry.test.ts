/**
 * A JWT's lifetime holds for the connections it opened (issue 11, case 6, review
 * finding): the token is checked at connection_init, but a WebSocket opened with a
 * token about to expire used to keep subscribing and receiving for as long as
 * keep-alive held it open. Now it is closed with 4403 'token expired' at the token's
 * deadline (its `exp`, or `iat` + JWT_MAX_AGE_S if sooner), ending the subscriptions
 * it carries; an SSE subscription authenticated by the token ends then too, with an
 * UNAUTHENTICATED error. A long-lived token's connection stays open.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from './support/mongo.js';
import { type EventsData, SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { disposeAll, listenersReady, startServer, type TestServer } from './support/server.js';
import { bearer } from './support/users.js';

const SECRET = 'a-jwt-connection-expiry-secret-32b!';
const nowS = () => Math.floor(Date.now() / 1000);

/** An HS256 token for carol, as the other JWT tests mint them. */
function token(times: { iat: number; exp: number }): Promise<string> {
  return new SignJWT({ sub: 'carol' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(times.iat)
    .setExpirationTime(times.exp)
    .sign(new TextEncoder().encode(SECRET));
}

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await useTestDatabase('jwtexpiry');
  env = { JWT_SECRET: SECRET, MONGODB_URI: db.uri, MONGODB_DB: db.dbName };
  drop = db.drop;
});
afterAll(() => drop?.());
afterEach(disposeAll);

interface Watch {
  /** The close event, with the time it came. */
  closed: Promise<{ code: number; reason: string; at: number }>;
  /** How the subscription ended: its error (a CloseEvent) or `complete`. */
  ended: Promise<'complete' | { code?: number }>;
  events: EventsData['sessionEvents'][];
  run(query: string): Promise<unknown>;
}

/** A graphql-ws connection authenticated with `jwt`, subscribed to the session's events. */
function watch(s: TestServer, jwt: string, sessionId: string): Watch {
  const client = s.wsClient({ authorization: `Bearer ${jwt}` });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason, at: Date.now() });
    }),
  );
  const events: Watch['events'] = [];
  const ended = new Promise<'complete' | { code?: number }>((resolve) => {
    client.subscribe<EventsData>(
      { query: SESSION_EVENTS, variables: { sessionId } },
      {
        next: (result) => {
          if (result.data) events.push(result.data.sessionEvents);
        },
        error: (error) => resolve(error as { code?: number }),
        complete: () => resolve('complete'),
      },
    );
  });
  const run = (query: string) =>
    new Promise((resolve, reject) => {
      client.subscribe({ query }, { next: resolve, error: reject, complete: () => {} });
    });
  return { closed, ended, events, run };
}

/** Starts a turn in the session (over HTTP, with the long-lived token) and awaits its DoneEvent. */
async function turn(s: TestServer, jwt: string, sessionId: string, w: Watch) {
  const started = await s.gql(START_CHAT, { input: { sessionId, content: 'hello' } }, bearer(jwt));
  expect(started.errors).toBeUndefined();
  await expect
    .poll(() => w.events.some((e) => e.__typename === 'DoneEvent'), { timeout: 15_000 })
    .toBe(true);
}

describe('a WebSocket authenticated with a JWT', () => {
  it('is closed with 4403 at the token exp, ending its subscription; a long-lived token stays open', async () => {
    const s = await startServer(env);
    const sessionId = crypto.randomUUID();
    const long = await token({ iat: nowS(), exp: nowS() + 3600 });
    const exp = nowS() + 2;
    const short = await token({ iat: nowS(), exp });
    const shortLived = watch(s, short, sessionId);
    const longLived = watch(s, long, sessionId);
    await listenersReady(s.app, 2, sessionId);
    // Before its exp the short-lived connection subscribes and receives.
    await turn(s, long, sessionId, shortLived);

    const closed = await Promise.race([
      shortLived.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), (exp - nowS() + 8) * 1000)),
    ]);
    // Before the fix: null, the socket was still open 8 s past exp.
    expect(closed, 'socket still open 8 s past exp').not.toBeNull();
    expect(closed!.code).toBe(4403);
    expect(closed!.reason).toBe('token expired');
    expect(closed!.at).toBeGreaterThanOrEqual(exp * 1000 - 100);
    expect(closed!.at).toBeLessThan(exp * 1000 + 5000);
    expect(await shortLived.ended).toMatchObject({ code: 4403 });
    // Its subscription's bus listener is gone on the server too; the other one's stays.
    await expect.poll(() => s.app.services.bus.listenerCount(sessionId)).toBe(1);

    // The long-lived token's connection, opened at the same time, still works and receives.
    expect(await longLived.run('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    longLived.events.length = 0;
    await turn(s, long, sessionId, longLived);
  });

  it('is closed at iat + JWT_MAX_AGE_S when that comes before exp', async () => {
    const s = await startServer({ ...env, JWT_MAX_AGE_S: '10' });
    const iat = nowS() - 8;
    const w = watch(s, await token({ iat, exp: nowS() + 3600 }), crypto.randomUUID());
    const closed = await Promise.race([
      w.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 12_000)),
    ]);
    expect(closed, 'socket still open 10 s past iat + JWT_MAX_AGE_S').not.toBeNull();
    expect(closed).toMatchObject({ code: 4403, reason: 'token expired' });
    expect(closed!.at).toBeGreaterThanOrEqual((iat + 10) * 1000 - 100);
  });
});

describe('an SSE subscription authenticated with a JWT', () => {
  it('ends with UNAUTHENTICATED at the token exp', async () => {
    const s = await startServer(env);
    const sessionId = crypto.randomUUID();
    const exp = nowS() + 2;
    const short = await token({ iat: nowS(), exp });
    const params = new URLSearchParams({
      query: SESSION_EVENTS,
      variables: JSON.stringify({ sessionId }),
    });
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), (exp - nowS() + 8) * 1000);
    const res = await fetch(`${s.url}/graphql?${params}`, {
      headers: { accept: 'text/event-stream', ...bearer(short) },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    let body = '';
    try {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        body += read.value;
      }
    } catch (error) {
      // Before the fix: aborted, the stream was still open 8 s past exp.
      throw new Error(`stream still open 8 s past exp (${String(error)})`);
    } finally {
      clearTimeout(timer);
    }
    const endedAt = Date.now();
    expect(endedAt).toBeGreaterThanOrEqual(exp * 1000 - 100);
    expect(body).toContain('"code":"UNAUTHENTICATED"');
    expect(body).toContain('token expired');
    expect(body).toMatch(/event: complete/);
  });
});

describe('a graphql-sse single-connection stream', () => {
  it('ends the subscriptions posted with a JWT at its exp, and new ones at once', async () => {
    const s = await startServer(env);
    const exp = nowS() + 2;
    const short = await token({ iat: nowS(), exp });
    const client = createSseClient({
      url: `${s.url}/graphql/stream`,
      singleConnection: true,
      retryAttempts: 0,
      headers: bearer(short),
    });
    try {
      const results: unknown[] = [];
      const ended = new Promise<'complete' | unknown>((resolve) => {
        client.subscribe(
          { query: SESSION_EVENTS, variables: { sessionId: crypto.randomUUID() } },
          { next: (r) => results.push(r), error: resolve, complete: () => resolve('complete') },
        );
      });
      const outcome = await Promise.race([
        ended,
        new Promise((resolve) => setTimeout(() => resolve('timeout'), (exp - nowS() + 8) * 1000)),
      ]);
      // Before the fix: 'timeout', the operation was still running 8 s past exp.
      expect(outcome).toBe('complete');
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 100);
      expect(results).toEqual([
        { errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] },
      ]);
      // A new subscription with the expired token (still inside the 60 s clock tolerance
      // of the check) gets the same end at once.
      const again: unknown[] = [];
      await new Promise((resolve, reject) => {
        client.subscribe(
          { query: SESSION_EVENTS, variables: { sessionId: crypto.randomUUID() } },
          { next: (r) => again.push(r), error: reject, complete: () => resolve(undefined) },
        );
      });
      expect(again).toEqual(results);
    } finally {
      client.dispose();
    }
  });
});
