/**
 * Limits against real servers: query shape (graphql-armor, bracket nesting), body
 * size, introspection and "Did you mean" hints. Every refusal is a coded error, never
 * a 5xx. Chats per minute and WebSocket limits: test/limits-chat-ws.test.ts.
 */
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { START_CHAT } from './support/operations.js';
import { collect, disposeAll, GRAPHQL_RESPONSE, post, startServer } from './support/server.js';

afterAll(disposeAll);

const nested = (levels: number) =>
  `{ ${'... on Query { '.repeat(levels)}__typename${' }'.repeat(levels)} }`;

describe('query limits (defaults)', async () => {
  const s = await startServer();
  it.each([
    ['depth', nested(13), 'maxDepth', 12],
    // Armor lets `__typename` be aliased freely (Apollo Client does it): alias a real field.
    [
      'aliases',
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: sessions { totalCount }`).join(' ')} }`,
      'maxAliases',
      15,
    ],
    ['tokens', `{ ${'__typename '.repeat(2000)}}`, 'maxTokens', 2000],
    ['directives', `{ __typename ${'@include(if: true) '.repeat(11)}}`, 'maxDirectives', 10],
    [
      'cost',
      '{ sessions(first: 100) { edges { node { messages(first: 100) { edges { node { id content } } } } } } }',
      'maxCost',
      50000,
    ],
  ])(
    'refuses a query over the %s limit: 400 BAD_USER_INPUT naming the limit',
    async (_n, query, rule, limit) => {
      const res = await post(s.url, { query });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', rule, limit },
      });
      // Legacy application/json: the same error with 200, as the GraphQL-over-HTTP spec says.
      const legacy = await post(s.url, { query }, { accept: 'application/json' });
      expect(legacy.status).toBe(200);
      expect(legacy.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule });
    },
  );

  it('accepts queries within the limits, such as the README dashboard query', async () => {
    const query = `{ sessions(first: 10) { totalCount edges { cursor node { id title updatedAt messageCount
      usage { inputTokens outputTokens } messages(last: 3) { edges { node { role content createdAt } } }
      toolCalls(first: 20) { edges { node { toolName outputSummary } } } } } pageInfo { hasNextPage endCursor } } }`;
    expect(await post(s.url, { query })).toMatchObject({
      status: 200,
      body: { data: { sessions: { totalCount: 0 } } },
    });
    expect((await post(s.url, { query: nested(11) })).status).toBe(200);
  });

  // Found by test/fuzz.test.ts: both were 500s (a stack overflow in graphql-js's parser;
  // Yoga's unguarded JSON.parse of query-string variables).
  it('refuses deeply nested brackets before parsing, and non-JSON variables in a GET', async () => {
    const deep = await post(s.url, {
      query: `{ session(id: ${'['.repeat(1500)}"x"${']'.repeat(1500)}) { id } }`,
    });
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      rule: 'maxNesting',
      limit: 100,
    });
    const get = await fetch(`${s.url}/graphql?query=%7B__typename%7D&variables=%5B`, {
      headers: { accept: GRAPHQL_RESPONSE },
    });
    expect(get.status).toBe(400);
    expect(((await get.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('applies the same limits over WebSocket', async () => {
    const results = await collect(s.wsClient(), nested(13), {}).done.catch((errors) => errors);
    expect(results[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', rule: 'maxDepth' } });
    expect(results[0].extensions.http).toBeUndefined();
  });
});

describe('request body size', async () => {
  const s = await startServer({ MAX_BODY_BYTES: String(128 * 1024) });
  const tooBig = JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(140_000) } });

  it('answers 413 PAYLOAD_TOO_LARGE with size and limit when Content-Length says so', async () => {
    const res = await post(s.url, tooBig);
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0]?.extensions).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      size: Buffer.byteLength(tooBig),
      limit: 131_072,
    });
  });

  it('answers 413 to a chunked body that grows past the limit, and the connection still works', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (chunks: string[]) =>
      new Promise<{ status?: number; body: any }>((resolve, reject) => {
        const req = http.request(
          `${s.url}/graphql`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (res) => {
            let text = '';
            res
              .on('data', (c) => (text += c))
              .on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    const big = await send(Array.from({ length: 20 }, () => 'x'.repeat(10_000)));
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 131_072 });
    const small = await send(['{"query":', '"{ __typename }"}']);
    expect(small).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    agent.destroy();
  });

  it('leaves the 64 KiB content check to GraphQL: PAYLOAD_TOO_LARGE with size and limit', async () => {
    const res = await post(s.url, {
      query: START_CHAT,
      variables: { input: { content: 'a'.repeat(66_560) } },
    });
    expect(res.body.errors?.[0]?.extensions).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      size: 66_560,
      limit: 65_536,
    });
  });
});

describe('introspection and suggestions', () => {
  it('INTROSPECTION=false refuses __schema over HTTP and WebSocket', async () => {
    const on = await startServer();
    const allowed = await post(on.url, { query: '{ __schema { types { name } } }' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data?.__schema.types).toEqual(
      expect.arrayContaining([{ name: 'Query' }, { name: 'Mutation' }, { name: 'Subscription' }]),
    );
    const off = await startServer({ INTROSPECTION: 'false' });
    const res = await post(off.url, { query: '{ __schema { types { name } } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/introspection has been disabled/);
    const ws = await collect(off.wsClient(), '{ __type(name: "Query") { name } }', {}).done.catch(
      (e) => e,
    );
    expect(ws[0].message).toMatch(/introspection has been disabled/);
  });

  it('FIELD_SUGGESTIONS=false removes "Did you mean" from validation and variable errors', async () => {
    const typo = { query: '{ sesions { totalCount } }' };
    const input = { query: START_CHAT, variables: { input: { content: 'hi', sesionId: 'x' } } };
    const on = await startServer();
    expect((await post(on.url, typo)).body.errors?.[0]?.message).toMatch(/Did you mean "sessions"/);
    expect(JSON.stringify((await post(on.url, input)).body.errors)).toMatch(/Did you mean/);
    const off = await startServer({ FIELD_SUGGESTIONS: 'false' });
    const refused = await post(off.url, typo);
    expect(refused.body.errors?.[0]?.message).toBe('Cannot query field "sesions" on type "Query".');
    expect(JSON.stringify((await post(off.url, input)).body.errors)).not.toMatch(/Did you mean/);
  });
});
