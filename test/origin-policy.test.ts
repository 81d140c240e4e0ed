/**
 * Issue 11, case 2, with raw clients that set Origin and Host themselves (node:http and
 * ws): CORS only for CORS_ORIGINS (never credentials with `*`), a cross-origin request,
 * SSE stream or WebSocket upgrade refused with 403 FORBIDDEN, a DNS-rebinding Host
 * refused in single-user mode, and clients without Origin unaffected.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../src/config.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { ALICE, AUTH_ENV, bearer } from './support/users.js';

afterEach(disposeAll);

const EVIL = 'http://evil.example';
const APP = 'http://app.example:5173';
const QUERY = JSON.stringify({ query: '{ sessions { totalCount } }' });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (Host included), read to the end. */
function send(
  server: TestServer,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/graphql',
        headers: {
          host: `127.0.0.1:${port}`,
          'content-type': 'application/json',
          accept: 'application/json',
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        // An SSE stream that was let through never ends: its first bytes are enough.
        const isStream = String(res.headers['content-type']).includes('text/event-stream');
        if (isStream) {
          res.once('data', () => {
            resolve(answer(res, body));
            req.destroy();
          });
        }
        res.on('end', () => resolve(answer(res, body)));
      },
    );
    req.on('error', reject);
    req.end(opts.body ?? (opts.method && opts.method !== 'POST' ? undefined : QUERY));
  });
}

const answer = (res: import('node:http').IncomingMessage, body: string): Answer => ({
  status: res.statusCode ?? 0,
  headers: res.headers,
  body,
});

function expectForbidden(got: Answer, reason: RegExp) {
  expect(got.status).toBe(403);
  expect(got.headers['access-control-allow-origin']).toBeUndefined();
  expect(got.headers['access-control-allow-credentials']).toBeUndefined();
  const body = JSON.parse(got.body);
  expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  expect(body.errors[0].message).toMatch(reason);
}

function expectSessionsRead(got: Answer) {
  expect(got.status).toBe(200);
  expect(JSON.parse(got.body)).toEqual({ data: { sessions: { totalCount: 0 } } });
}

/** Opens a WebSocket; resolves with the HTTP status of a refused upgrade, or 101. */
function upgrade(server: TestServer, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { origin, ...rest } = headers;
    const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws', { origin, headers: rest });
    ws.once('open', () => {
      resolve({ status: 101, headers: {}, body: '' });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(answer(res, body)));
    });
    ws.once('error', reject);
  });
}

describe('single-user mode, no CORS_ORIGINS', () => {
  it('refuses a POST from another origin with 403 FORBIDDEN and no CORS headers', async () => {
    const server = await startServer();
    expectForbidden(await send(server, { headers: { origin: EVIL } }), /origin/i);
  });

  it('answers a preflight from another origin without allowing it', async () => {
    const server = await startServer();
    const got = await send(server, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expectForbidden(got, /origin/i);
  });

  it('refuses SSE from another origin, on /graphql and on /graphql/stream', async () => {
    const server = await startServer();
    const sse = { origin: EVIL, accept: 'text/event-stream' };
    const query = encodeURIComponent(
      'subscription { sessionEvents(sessionId: "s") { __typename } }',
    );
    expectForbidden(
      await send(server, { method: 'GET', path: `/graphql?query=${query}`, headers: sse }),
      /origin/i,
    );
    expectForbidden(
      await send(server, { method: 'PUT', path: '/graphql/stream', headers: { origin: EVIL } }),
      /origin/i,
    );
    expectForbidden(
      await send(server, { path: '/graphql/stream', headers: sse, body: QUERY }),
      /origin/i,
    );
  });

  it('refuses a WebSocket upgrade from another origin with 403', async () => {
    const server = await startServer();
    expectForbidden(await upgrade(server, { origin: EVIL }), /origin/i);
  });

  it('refuses a DNS-rebinding Host (evil.example:PORT) with 403, over HTTP and WebSocket', async () => {
    const server = await startServer();
    const { port } = new URL(server.url);
    const host = `evil.example:${port}`;
    // No Origin at all (a non-browser or a rebinding page's GET), and the rebinding
    // page's own same-origin POST: both carry the attacker's name in Host.
    expectForbidden(await send(server, { headers: { host } }), /host/i);
    expectForbidden(await send(server, { headers: { host, origin: `http://${host}` } }), /host/i);
    expectForbidden(await upgrade(server, { host, origin: `http://${host}` }), /host/i);
    expectForbidden(
      await send(server, { method: 'GET', path: '/metrics', headers: { host } }),
      /host/i,
    );
    // Probes carry no data, and an orchestrator sends its own idea of Host.
    const ready = await send(server, { method: 'GET', path: '/ready', headers: { host } });
    expect(ready.status).toBe(200);
  });

  it('serves loopback names, same-origin pages and clients without Origin', async () => {
    const server = await startServer();
    const { port } = new URL(server.url);
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `app.localhost:${port}`,
    ]) {
      const noOrigin = await send(server, { headers: { host } });
      expectSessionsRead(noOrigin);
      expect(noOrigin.headers['access-control-allow-origin']).toBeUndefined();
      // The server's own pages (GraphiQL at /graphql) are same-origin.
      expectSessionsRead(await send(server, { headers: { host, origin: `http://${host}` } }));
    }
    expect((await upgrade(server, {})).status).toBe(101);
    expect(
      (await upgrade(server, { origin: `http://localhost:${port}`, host: `localhost:${port}` }))
        .status,
    ).toBe(101);
    const graphiql = await send(server, { method: 'GET', headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
  });

  it('ALLOWED_HOSTS adds names to the loopback ones', async () => {
    const server = await startServer({ ALLOWED_HOSTS: 'parley.test, .dev.test' });
    const { port } = new URL(server.url);
    expectSessionsRead(await send(server, { headers: { host: `parley.test:${port}` } }));
    expectSessionsRead(await send(server, { headers: { host: `a.dev.test:${port}` } }));
    expectForbidden(await send(server, { headers: { host: `parley.test.evil:${port}` } }), /host/i);
  });
});

describe('CORS_ORIGINS', () => {
  it('lets a listed origin preflight, read, stream and upgrade, with credentials', async () => {
    const server = await startServer({ CORS_ORIGINS: `${APP}, http://other.example` });
    const preflight = await send(server, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(APP);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/i);
    expect(preflight.headers.vary).toMatch(/Origin/);

    const read = await send(server, { headers: { origin: APP } });
    expectSessionsRead(read);
    expect(read.headers['access-control-allow-origin']).toBe(APP);

    const reserved = await send(server, {
      method: 'PUT',
      path: '/graphql/stream',
      headers: { origin: APP, accept: '*/*' },
    });
    expect(reserved.status).toBe(201);
    expect((await upgrade(server, { origin: APP })).status).toBe(101);
    // Exact origins: another port, scheme or a suffix is another origin.
    for (const origin of [
      'http://app.example:5174',
      'https://app.example:5173',
      'http://app.example',
    ]) {
      expectForbidden(await send(server, { headers: { origin } }), /origin/i);
    }
  });

  it('`*` is refused without authentication: any page could act as "default"', () => {
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(
      /CORS_ORIGINS=\* without authentication/,
    );
  });

  it('`*` (with authentication) lets any origin read but never sends credentials', async () => {
    const server = await startServer({ ...AUTH_ENV, CORS_ORIGINS: '*' });
    const read = await send(server, { headers: { ...bearer(ALICE), origin: EVIL } });
    expectSessionsRead(read);
    expect(read.headers['access-control-allow-origin']).toBe('*');
    expect(read.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await send(server, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('rejects what is not an exact origin at start-up', () => {
    for (const value of ['http://app.example/', 'app.example', 'null', 'http://app.example/path']) {
      expect(() => loadConfig({ CORS_ORIGINS: value }), value).toThrow(ConfigError);
    }
    expect(() => loadConfig({ CORS_ORIGINS: '*, http://app.example' })).toThrow(/alone/);
    expect(
      loadConfig({ CORS_ORIGINS: ' http://app.example:5173 ,https://b.example' }).originPolicy,
    ).toMatchObject({ corsOrigins: ['http://app.example:5173', 'https://b.example'] });
  });
});

describe('with authentication', () => {
  it('checks no Host (credentials are required anyway) but still checks Origin', async () => {
    const server = await startServer(AUTH_ENV);
    const { port } = new URL(server.url);
    const auth = bearer(ALICE);
    const got = await send(server, { headers: { ...auth, host: `parley.example:${port}` } });
    expectSessionsRead(got);
    expectForbidden(await send(server, { headers: { ...auth, origin: EVIL } }), /origin/i);
  });
});
