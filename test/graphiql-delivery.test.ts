/**
 * What a newcomer's browser meets first, over real HTTP: GraphiQL compressed (gzip,
 * brotli) with a strong ETag so a reload is an empty 304, opening on examples that
 * validate against the schema; `/` redirecting to it; and graphql-sse's
 * single-connection mode aimed at /graphql told where it is served.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { parse, validate } from 'graphql';
import { createClient, NetworkError, TOKEN_HEADER_KEY } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { GRAPHIQL_EXAMPLES } from '../src/server/graphiql-examples.js';
import { splitPage } from '../src/server/graphiql-page.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(disposeAll);

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes on the wire, not decoded (fetch would decode them). */
  body: Buffer;
}

function raw(path: string, headers: Record<string, string>, method = 'GET') {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject).end();
  });
}

const graphiql = (headers: Record<string, string> = {}, path = '/graphql') =>
  raw(path, { accept: 'text/html', ...headers });

describe('GraphiQL delivery', () => {
  let page: RawResponse;
  /** The assets the page links: icon, stylesheet, script. */
  let assets: string[];

  beforeAll(async () => {
    page = await graphiql();
    assets = [...page.body.toString().matchAll(/"(\/graphql\/graphiql\/[\w-]+\.\w+)"/g)].map(
      (m) => m[1]!,
    );
  });

  /** The page and its assets, as a browser loads them. */
  const load = (headers: Record<string, string>) =>
    Promise.all([graphiql(headers), ...assets.map((path) => raw(path, headers))]);
  const bytes = (responses: RawResponse[]) => responses.reduce((n, r) => n + r.body.length, 0);

  it('sends a small page that links its assets at hashed URLs, with validators', async () => {
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.vary).toBe('accept-encoding');
    expect(Number(page.headers['content-length'])).toBe(page.body.length);
    expect(page.body.length).toBeLessThan(4096);
    expect(page.body.toString()).toContain('<title>Parley GraphiQL</title>');
    expect(assets.map((path) => path.split('.').pop())).toEqual(['ico', 'css', 'js']);
    const types = {
      ico: 'image/x-icon',
      css: 'text/css; charset=utf-8',
      js: 'text/javascript; charset=utf-8',
    };
    for (const path of assets) {
      const asset = await raw(path, {});
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toBe(
        types[path.split('.').pop() as keyof typeof types],
      );
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.etag).toBe(`"${path.split('/').pop()!.split('.')[0]}"`);
    }
    const missing = await raw('/graphql/graphiql/nothing.js', {});
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString()).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('splits the rendered page without changing it', () => {
    const html = renderGraphiQL({ title: 'split test', defaultQuery: GRAPHIQL_EXAMPLES });
    const { page: shell, assets: parts } = splitPage(html, '/x/');
    let joined = Buffer.from(shell.identity.body).toString();
    for (const [name, part] of parts) {
      const body = Buffer.from(part.identity.body);
      const [tag, inline] = name.endsWith('.ico')
        ? [
            `<link rel="icon" href="/x/${name}" />`,
            `<link rel="icon" href="data:image/x-icon;base64,${body.toString('base64')}" />`,
          ]
        : name.endsWith('.css')
          ? [`<link rel="stylesheet" href="/x/${name}" />`, `<style>${body}</style>`]
          : [`<script src="/x/${name}"></script>`, `<script>${body}</script>`];
      expect(joined).toContain(tag);
      joined = joined.replace(tag, () => inline);
    }
    expect(joined).toBe(html);
  });

  it('gzips page and assets under 2.5 MB, brotli smaller still; both decode to the same bytes', async () => {
    const identity = await load({});
    const gzipped = await load({ 'accept-encoding': 'gzip' });
    const brotli = await load({ 'accept-encoding': 'gzip, deflate, br' });
    for (const [i, response] of gzipped.entries()) {
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(response.body).equals(identity[i]!.body)).toBe(true);
    }
    for (const [i, response] of brotli.entries()) {
      expect(response.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(response.body).equals(identity[i]!.body)).toBe(true);
      // Each coding is its own representation: its own strong ETag, the same Vary.
      expect(response.headers.etag).not.toBe(gzipped[i]!.headers.etag);
      expect(response.headers.etag).not.toBe(identity[i]!.headers.etag);
      expect(response.headers.vary).toBe('accept-encoding');
    }
    expect(bytes(gzipped)).toBeLessThan(2_500_000);
    expect(bytes(brotli)).toBeLessThan(bytes(gzipped));
    console.info(
      `GraphiQL first load (page + ${assets.length} assets): ${bytes(identity)} bytes identity, ${bytes(gzipped)} gzip, ${bytes(brotli)} br; page alone ${brotli[0]!.body.length} br`,
    );
  });

  it('follows the q-values of Accept-Encoding', async () => {
    const coding = async (acceptEncoding: string) =>
      (await graphiql({ 'accept-encoding': acceptEncoding })).headers['content-encoding'] ??
      'identity';
    expect(await coding('br;q=0.5, gzip')).toBe('gzip');
    expect(await coding('gzip;q=0.2, br;q=0.9')).toBe('br');
    expect(await coding('*')).toBe('br');
    expect(await coding('br;q=0, *;q=0.5')).toBe('gzip');
    expect(await coding('gzip;q=0, br;q=0')).toBe('identity');
    expect(await coding('deflate')).toBe('identity');
    // Nothing acceptable at all: the page itself, rather than a 406 and a blank tab.
    expect(await coding('identity;q=0, *;q=0')).toBe('identity');
  });

  it('answers a revalidation with its ETag with an empty 304, page and assets, every coding', async () => {
    for (const acceptEncoding of ['identity', 'gzip', 'br']) {
      const first = await load({ 'accept-encoding': acceptEncoding });
      for (const [i, path] of ['/graphql', ...assets].entries()) {
        const etag = first[i]!.headers.etag!;
        const headers = {
          accept: 'text/html',
          'accept-encoding': acceptEncoding,
          'if-none-match': etag,
        };
        const again = await raw(path, headers);
        expect(again.status, `${path} ${acceptEncoding}`).toBe(304);
        expect(again.body.length).toBe(0);
        expect(again.headers.etag).toBe(etag);
        expect(again.headers['cache-control']).toBe(first[i]!.headers['cache-control']);
      }
      // A link carrying a query is the same page (GraphiQL reads the query in the browser).
      const linked = await graphiql(
        {
          'accept-encoding': acceptEncoding,
          'if-none-match': `W/"other", ${first[0]!.headers.etag}`,
        },
        `/graphql?query=${encodeURIComponent('{ sessions { totalCount } }')}`,
      );
      expect(linked.status).toBe(304);
    }
    // Another coding's ETag is another representation: the page is sent.
    const gzipEtag = (await graphiql({ 'accept-encoding': 'gzip' })).headers.etag!;
    const other = await graphiql({ 'accept-encoding': 'br', 'if-none-match': gzipEtag });
    expect(other.status).toBe(200);
    expect(other.headers['content-encoding']).toBe('br');
  });

  it('opens on examples that validate against the schema: sendChat, sessionEvents, sessions', async () => {
    const document = parse(GRAPHIQL_EXAMPLES);
    expect(validate(schema, document)).toEqual([]);
    const fields = document.definitions.flatMap((d) =>
      d.kind === 'OperationDefinition'
        ? d.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : ''))
        : [],
    );
    expect(fields).toEqual(['sendChat', 'sessionEvents', 'sessions']);
    // The served script passes them to GraphiQL as its default query.
    const script = await raw(assets.find((path) => path.endsWith('.js'))!, {});
    expect(script.body.toString()).toContain(JSON.stringify(GRAPHIQL_EXAMPLES).slice(1, -1));
  });

  it('selects every field of every SessionEvent member in the subscription example', () => {
    const document = parse(GRAPHIQL_EXAMPLES);
    const subscription = document.definitions.find(
      (d) => d.kind === 'OperationDefinition' && d.operation === 'subscription',
    );
    const selected = new Map<string, Set<string>>();
    const root = subscription?.kind === 'OperationDefinition' ? subscription : undefined;
    const events = root?.selectionSet.selections[0];
    for (const s of events?.kind === 'Field' ? (events.selectionSet?.selections ?? []) : []) {
      if (s.kind !== 'InlineFragment' || !s.typeCondition) continue;
      const names = s.selectionSet.selections.map((f) => (f.kind === 'Field' ? f.name.value : ''));
      selected.set(s.typeCondition.name.value, new Set(names));
    }
    const union = schema.getType('SessionEvent');
    if (!union || !('getTypes' in union)) throw new Error('SessionEvent is not a union');
    const common = selected.get('TurnEvent') ?? new Set<string>();
    for (const member of union.getTypes()) {
      const mine = selected.get(member.name) ?? new Set<string>();
      for (const field of Object.keys(member.getFields())) {
        expect(mine.has(field) || common.has(field), `${member.name}.${field}`).toBe(true);
      }
    }
  });
});

describe('GET /', () => {
  it('redirects to GraphiQL at /graphql', async () => {
    const res = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphql');
    const followed = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect(followed.url).toBe(`${server.url}/graphql`);
    expect(await followed.text()).toContain('Parley GraphiQL');
  });
});

describe("graphql-sse's single-connection mode at /graphql", () => {
  it('gets a coded 405 naming /graphql/stream, seen by the real client', async () => {
    const client = createClient({
      url: `${server.url}/graphql`,
      singleConnection: true,
      retryAttempts: 0,
    });
    const failure = new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: '{ sessions { totalCount } }' },
        { next() {}, error: resolve, complete() {} },
      );
    });
    const error = await failure;
    client.dispose();
    expect(error).toBeInstanceOf(NetworkError);
    // The client gives up on the body; the same PUT (it sends no headers of its own) shows it.
    const response = (error as NetworkError<Response>).response!;
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    const put = await raw('/graphql', {}, 'PUT');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST');
    expect(put.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(put.body.toString()) as {
      errors: { message: string; extensions: object }[];
    };
    expect(body.errors[0]!.extensions).toEqual({
      code: 'BAD_REQUEST',
      endpoint: '/graphql/stream',
    });
    expect(body.errors[0]!.message).toContain('/graphql/stream');
  });

  it('answers a request carrying a stream token from elsewhere with the same pointer (400)', async () => {
    const res = await raw(
      '/graphql',
      { [TOKEN_HEADER_KEY]: 'some-token', accept: 'text/event-stream' },
      'GET',
    );
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body.toString()) as { errors: { extensions: object }[] };
    expect(body.errors[0]!.extensions).toEqual({
      code: 'BAD_REQUEST',
      endpoint: '/graphql/stream',
    });
  });
});
