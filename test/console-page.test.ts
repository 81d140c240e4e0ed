/**
 * How /console is delivered (src/server/console-page.ts), over HTTP: a small page with a
 * CSP that links hash-named assets, compressed, revalidated with an ETag, cached for
 * good; unknown files 404, other methods 405, foreign origins 403 (the origin policy).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeAll, startServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(disposeAll);

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers });

describe('GET /console', () => {
  it('answers a small page with a CSP, linking its script and stylesheet by hash', async () => {
    const res = await get('/console');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toMatch(
      /default-src 'self'; script-src 'self'; style-src 'self';.* connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/,
    );
    const html = await res.text();
    expect(html.length).toBeLessThan(1024);
    const assets = [...html.matchAll(/"(\/console\/assets\/[\w-]{27}\.(js|css))"/g)].map(
      (m) => m[1]!,
    );
    expect(assets).toHaveLength(2);

    for (const asset of assets) {
      // Node's fetch decompresses: the header says what crossed the wire.
      const compressed = await get(asset, { 'accept-encoding': 'br, gzip' });
      expect(compressed.status).toBe(200);
      expect(compressed.headers.get('content-encoding')).toBe('br');
      expect(compressed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = await compressed.text();
      expect(body.length).toBeGreaterThan(1000);
      const again = await get(asset, {
        'accept-encoding': 'br',
        'if-none-match': compressed.headers.get('etag')!,
      });
      expect(again.status).toBe(304);
    }
    const script = await (await get(assets.find((a) => a.endsWith('.js'))!)).text();
    // Bundled, not linked: Preact and graphql-ws are inside, nothing is fetched from elsewhere.
    expect(script).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[\w.-]+\/[\w/-]+\.m?js/);
    expect(script).toContain('graphql-transport-ws');
  });

  it('revalidates the page, refuses unknown files, other methods and foreign origins', async () => {
    const page = await get('/console/');
    expect(page.status).toBe(200);
    expect((await get('/console', { 'if-none-match': page.headers.get('etag')! })).status).toBe(
      304,
    );
    expect((await get('/console/assets/nothing.js')).status).toBe(404);
    expect((await get('/console/other')).status).toBe(404);
    expect((await fetch(`${server.url}/console`, { method: 'POST' })).status).toBe(405);
    const foreign = await get('/console', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
  });
});
