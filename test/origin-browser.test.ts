/**
 * Issue 11, case 2, in a real browser: a page served from a second local origin (another
 * loopback port) tries to read `sessions` from a single-user Parley, by fetch and by
 * graphql-ws (the real client, its UMD bundle served with the page). Unlisted, both
 * fail; once CORS_ORIGINS names the page's origin, both succeed.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as GraphQLWsModule from 'graphql-ws';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';

const SESSIONS = '{ sessions { totalCount } }';
// Not in the package's exports map: read from node_modules directly.
const GRAPHQL_WS_UMD = readFileSync(
  new URL('../node_modules/graphql-ws/umd/graphql-ws.js', import.meta.url),
  'utf8',
);

type GraphQLWs = Pick<typeof GraphQLWsModule, 'createClient'>;

let browser: Browser;
let pages: Server;
let pageOrigin: string;

beforeAll(async () => {
  browser = await launchChromium();
  // The "other web page": an empty HTML page and the graphql-ws client, on its own port.
  pages = createServer((req, res) => {
    if (req.url === '/graphql-ws.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(GRAPHQL_WS_UMD);
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>other page</title><script src="/graphql-ws.js"></script>');
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pages?.close(resolve));
});
afterEach(disposeAll);

/** A fresh page on the other origin, with what Chromium says on its console. */
async function otherPage() {
  const page = await browser.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  await page.goto(pageOrigin);
  return { page, console };
}

/**
 * In the page: POST `query` to Parley as JSON (which a browser preflights), or as a
 * form, a "simple" request sent without asking. What the page could read, or why it
 * could not, and the statuses of the POSTs on the wire (the page is not shown them).
 */
async function fetchFromPage(parley: TestServer, query = SESSIONS, as: 'json' | 'form' = 'json') {
  const { page, console } = await otherPage();
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (response.url() === `${parley.url}/graphql`) statuses.push(response.status());
  });
  const outcome = await page.evaluate(
    async ({ url, query, as }) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          ...(as === 'json'
            ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }
            : { mode: 'no-cors', body: new URLSearchParams({ query }) }),
        });
        if (res.type === 'opaque') return { opaque: true };
        return { read: await res.json() };
      } catch (error) {
        return { failed: String(error) };
      }
    },
    { url: `${parley.url}/graphql`, query, as },
  );
  await page.close();
  return { ...outcome, statuses, console };
}

/** In the page: the same query with the real graphql-ws client over a WebSocket. */
async function wsFromPage(parley: TestServer) {
  const { page, console } = await otherPage();
  const outcome = await page.evaluate(
    ({ url, query }) =>
      new Promise<{ read?: unknown; failed?: string }>((resolve) => {
        // The UMD bundle's global, loaded by the page.
        const { createClient } = (globalThis as unknown as { graphqlWs: GraphQLWs }).graphqlWs;
        const client = createClient({ url, retryAttempts: 0, lazy: true });
        client.subscribe(
          { query },
          {
            next: (result: unknown) => resolve({ read: result }),
            error: (error: unknown) => {
              const closed = error as { code?: number; type?: string };
              resolve({ failed: `${closed?.type ?? 'error'} ${closed?.code ?? String(error)}` });
            },
            complete: () => {},
          },
        );
      }),
    { url: parley.wsUrl, query: SESSIONS },
  );
  await page.close();
  return { ...outcome, console };
}

async function firstSessionId(parley: TestServer): Promise<string | undefined> {
  const got = await parley.gql<{ sessions: { edges: { node: { id: string } }[] } }>(
    '{ sessions { edges { node { id } } } }',
  );
  return got.data?.sessions.edges[0]?.node.id;
}

describe('a page from a second local origin, single-user mode', () => {
  it('cannot read sessions by fetch or by graphql-ws when its origin is not listed', async () => {
    const parley = await startServer();
    await parley.gql(SEND_CHAT, { input: { content: 'private to the local user' } });

    // The preflight is refused, so the POST is never sent.
    const byFetch = await fetchFromPage(parley);
    expect(byFetch).toMatchObject({ failed: expect.stringMatching(/Failed to fetch/) });
    expect(byFetch.read).toBeUndefined();
    expect(byFetch.statuses).toEqual([]);
    expect(byFetch.console.join('\n')).toMatch(/blocked by CORS policy/);

    // A form POST needs no preflight: it is refused before it runs (the CSRF case).
    const sessionId = await firstSessionId(parley);
    expect(sessionId).toBeDefined();
    const deleted = await fetchFromPage(
      parley,
      `mutation { deleteSession(id: "${sessionId}") }`,
      'form',
    );
    expect(deleted).toMatchObject({ opaque: true, statuses: [403] });
    expect(await firstSessionId(parley)).toBe(sessionId);

    const byWs = await wsFromPage(parley);
    expect(byWs.read).toBeUndefined();
    expect(byWs.failed).toBeDefined();
    expect(byWs.console.join('\n')).toMatch(/Unexpected response code: 403/);
  });

  it('reads sessions by fetch and by graphql-ws once CORS_ORIGINS lists its origin', async () => {
    const parley = await startServer({ CORS_ORIGINS: pageOrigin });
    await parley.gql(SEND_CHAT, { input: { content: 'shared with a listed page' } });

    const read = { data: { sessions: { totalCount: 1 } } };
    const byFetch = await fetchFromPage(parley);
    expect(byFetch).toMatchObject({ read, statuses: [200] });
    expect(byFetch.failed).toBeUndefined();
    const byWs = await wsFromPage(parley);
    expect(byWs).toMatchObject({ read });
    expect(byWs.failed).toBeUndefined();
  });
});
