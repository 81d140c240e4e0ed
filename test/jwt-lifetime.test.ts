/**
 * JWT lifetime (issue 11, case 6): a token without `exp` is refused unless
 * JWT_REQUIRE_EXP=false, and no token is accepted longer than JWT_MAX_AGE_S after its
 * `iat` (jose's maxTokenAge), whatever its `exp` says. Over HTTP (401 UNAUTHENTICATED
 * with a clear message, the token in no log line) and WebSocket (closed with 4403).
 */
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { bearer } from './support/users.js';

afterEach(disposeAll);

const SECRET = 'a-jwt-lifetime-secret-of-32-bytes!!';
const ME = '{ sessions { totalCount } }';
const nowS = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;

/** An HS256 token for carol; `iat`/`exp` in epoch seconds, omitted when undefined. */
function token(times: { iat?: number; exp?: number }): Promise<string> {
  const jwt = new SignJWT({ sub: 'carol' }).setProtectedHeader({ alg: 'HS256' });
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

const fresh = () => token({ iat: nowS(), exp: nowS() + 300 });
const withoutExp = () => token({ iat: nowS() });
/** Issued 25 h ago, but valid for another hour by its own `exp`. */
const issuedLongAgo = () => token({ iat: nowS() - 25 * HOUR, exp: nowS() + HOUR });

/** A server whose every log line is kept (to check that no token is logged). */
async function server(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(configFrom({ LOG_LEVEL: 'trace' }), stream);
  const s = await startServer({ JWT_SECRET: SECRET, LOG_LEVEL: 'trace', ...env }, { logger });
  return { s, lines };
}

async function overHttp(s: TestServer, jwt: string) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(jwt) },
    body: JSON.stringify({ query: ME }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

/** Runs `{ __typename }` over a WebSocket authenticated with the token: the close code on refusal. */
function overWs(s: TestServer, jwt: string): Promise<'ok' | number> {
  const client = s.wsClient({ authorization: `Bearer ${jwt}` });
  return new Promise((resolve, reject) => {
    client.on('closed', (event) => resolve((event as { code: number }).code));
    client.subscribe(
      { query: '{ __typename }' },
      { next: () => resolve('ok'), error: () => {}, complete: () => {} },
    );
    setTimeout(() => reject(new Error('no answer over WebSocket in 10 s')), 10_000).unref();
  });
}

async function expectRefused(s: TestServer, lines: string[], jwt: string, message: RegExp) {
  const http = await overHttp(s, jwt);
  expect(http.status).toBe(401);
  expect(http.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(http.body.errors?.[0]?.message).toMatch(message);
  expect(await overWs(s, jwt)).toBe(4403);
  expect(lines.join('\n')).not.toContain(jwt.split('.')[1]);
}

async function expectAccepted(s: TestServer, jwt: string) {
  const http = await overHttp(s, jwt);
  expect(http.status, JSON.stringify(http.body)).toBe(200);
  expect(http.body.data).toEqual({ sessions: { totalCount: 0 } });
  expect(await overWs(s, jwt)).toBe('ok');
}

describe('JWT_REQUIRE_EXP', () => {
  it('refuses a token without exp by default, over HTTP and WebSocket', async () => {
    const { s, lines } = await server();
    await expectRefused(s, lines, await withoutExp(), /exp/);
  });

  it('accepts it with JWT_REQUIRE_EXP=false (JWT_MAX_AGE_S still bounds it)', async () => {
    const { s, lines } = await server({ JWT_REQUIRE_EXP: 'false' });
    await expectAccepted(s, await withoutExp());
    const oldNoExp = await token({ iat: nowS() - 25 * HOUR });
    await expectRefused(s, lines, oldNoExp, /JWT_MAX_AGE_S/);
  });
});

describe('JWT_MAX_AGE_S', () => {
  it('accepts a fresh token', async () => {
    const { s } = await server();
    await expectAccepted(s, await fresh());
  });

  it('refuses a token issued more than 24 h ago although its exp is ahead', async () => {
    const { s, lines } = await server();
    await expectRefused(s, lines, await issuedLongAgo(), /JWT_MAX_AGE_S/);
  });

  it('honours a configured age: 2 days accepts it, 1 hour refuses a 2 h old token', async () => {
    const twoDays = await server({ JWT_MAX_AGE_S: String(48 * HOUR) });
    await expectAccepted(twoDays.s, await issuedLongAgo());
    const oneHour = await server({ JWT_MAX_AGE_S: String(HOUR) });
    const twoHoursOld = await token({ iat: nowS() - 2 * HOUR, exp: nowS() + HOUR });
    await expectRefused(oneHour.s, oneHour.lines, twoHoursOld, /JWT_MAX_AGE_S/);
  });

  it('caps a long exp at iat + max age (jose maxTokenAge): a fresh 7-day token is accepted', async () => {
    const { s } = await server();
    await expectAccepted(s, await token({ iat: nowS(), exp: nowS() + 7 * 24 * HOUR }));
  });

  it('needs iat to measure the age (as jose does), unless JWT_MAX_AGE_S=0', async () => {
    const noIat = await token({ exp: nowS() + 300 });
    const capped = await server();
    await expectRefused(capped.s, capped.lines, noIat, /iat/);
    const uncapped = await server({ JWT_MAX_AGE_S: '0' });
    await expectAccepted(uncapped.s, noIat);
  });

  it('refuses bad values at start-up', () => {
    expect(() => configFrom({ JWT_SECRET: SECRET, JWT_MAX_AGE_S: '-1' })).toThrow(/JWT_MAX_AGE_S/);
    expect(() => configFrom({ JWT_SECRET: SECRET, JWT_REQUIRE_EXP: 'maybe' })).toThrow(
      /JWT_REQUIRE_EXP/,
    );
  });
});
