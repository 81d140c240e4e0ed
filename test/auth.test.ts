/**
 * Authentication: JWTs (HS256 secret, or a JWKS served over HTTP) with issuer and
 * audience checks, and one-time tickets for WebSocket connections, valid once and
 * on any instance.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { useTestDatabase } from './support/mongo.js';
import { collect, disposeAll, startServer } from './support/server.js';
import { ALICE, AUTH_ENV, bearer } from './support/users.js';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const ME = '{ sessions { totalCount } }';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await disposeAll();
  for (const cleanup of cleanups) await cleanup();
});

const hs256 = (
  claims: Record<string, unknown>,
  opts: { exp?: string; aud?: string; key?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setIssuer('parley-tests')
    .setAudience(opts.aud ?? 'parley')
    .setExpirationTime(opts.exp ?? '5m')
    .sign(new TextEncoder().encode(opts.key ?? SECRET));

describe('JWT (HS256)', () => {
  const env = { JWT_SECRET: SECRET, JWT_ISSUER: 'parley-tests', JWT_AUDIENCE: 'parley' };

  it('accepts a valid token; sub is the user, roles admin makes an admin', async () => {
    const s = await startServer(env);
    const user = await s.gql<any>(ME, {}, bearer(await hs256({ sub: 'carol' })));
    expect(user.data).toEqual({ sessions: { totalCount: 0 } });
    const trail = '{ verifyAuditTrail { valid } }';
    expect(
      (await s.gql(trail, {}, bearer(await hs256({ sub: 'carol' })))).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const admin = await s.gql<any>(
      trail,
      {},
      bearer(await hs256({ sub: 'dana', roles: ['admin'] })),
    );
    expect(admin.data).toEqual({ verifyAuditTrail: { valid: true } });
  });

  it.each([
    [
      'a wrong signature',
      () => hs256({ sub: 'carol' }, { key: 'another-secret-of-at-least-32-bytes' }),
    ],
    ['an expired token', () => hs256({ sub: 'carol' }, { exp: '-1m' })],
    ['the wrong audience', () => hs256({ sub: 'carol' }, { aud: 'someone-else' })],
    ['no subject', () => hs256({})],
  ])('refuses %s with 401', async (_label, token) => {
    const s = await startServer(env);
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await token()) },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('JWT (JWKS)', () => {
  it('verifies RS256 tokens against keys fetched from JWT_JWKS_URL', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => jwks.close(() => resolve())));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    const s = await startServer({ JWT_JWKS_URL: url });
    const token = await new SignJWT({ sub: 'erin' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await s.gql<any>(ME, {}, bearer(token))).data).toEqual({ sessions: { totalCount: 0 } });
    const forged = await hs256({ sub: 'erin' });
    expect((await s.gql(ME, {}, bearer(forged))).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('WebSocket tickets', () => {
  const subscribeWith = (server: Awaited<ReturnType<typeof startServer>>, ticket: string) =>
    collect(
      server.wsClient({ ticket }),
      'subscription($id: ID!) { sessionEvents(sessionId: $id) { __typename } }',
      { id: 'x' },
      () => true,
    );

  it('a ticket opens one connection, once, also on another instance; expired ones fail', async () => {
    const db = await useTestDatabase('tickets_auth');
    cleanups.push(db.drop);
    const env = { ...AUTH_ENV, MONGODB_URI: db.uri, MONGODB_DB: db.dbName };
    const a = await startServer(env);
    const b = await startServer(env);
    const issue = async () =>
      (await a.gql<any>('mutation { createChatTicket { ticket } }', {}, bearer(ALICE))).data!
        .createChatTicket.ticket as string;

    const ticket = await issue();
    const first = a.wsClient({ ticket });
    await new Promise<void>((resolve, reject) => {
      first.on('connected', () => resolve());
      first.on('closed', (e) => reject(e));
      first.subscribe(
        { query: '{ __typename }' },
        { next: () => {}, error: reject, complete: () => {} },
      );
    });
    // Used once: a second use fails here and on the other instance.
    await expect(subscribeWith(a, ticket).done).rejects.toMatchObject({ code: 4403 });
    await expect(subscribeWith(b, ticket).done).rejects.toMatchObject({ code: 4403 });

    // Used first on B, then refused on A.
    const other = await issue();
    await new Promise<void>((resolve, reject) => {
      const client = b.wsClient({ ticket: other });
      client.on('connected', () => resolve());
      client.on('closed', (e) => reject(e));
      client.subscribe(
        { query: '{ __typename }' },
        { next: () => {}, error: reject, complete: () => {} },
      );
    });
    await expect(subscribeWith(a, other).done).rejects.toMatchObject({ code: 4403 });

    await a.app.services.tickets.create({
      _id: 'stale-ticket',
      userId: 'alice',
      isAdmin: false,
      expiresAt: new Date(Date.now() - 1000),
    });
    await expect(subscribeWith(a, 'stale-ticket').done).rejects.toMatchObject({ code: 4403 });
  });
});

it('refuses single-user mode on a non-loopback address, and bad AUTH_TOKENS', () => {
  expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(
    /no authentication is configured.*HOST=0\.0\.0\.0/s,
  );
  expect(() => loadConfig({ HOST: '0.0.0.0', ...AUTH_ENV })).not.toThrow();
  expect(() => loadConfig({ HOST: '::1' })).not.toThrow();
  expect(() => loadConfig({ AUTH_TOKENS: 'short=alice' })).toThrow(/AUTH_TOKENS entry 1/);
});
