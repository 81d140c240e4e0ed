/**
 * fast-check generators of bad HTTP requests for test/fuzz.test.ts, one kind each:
 * malformed JSON, invalid GraphQL, wrong variable types, huge strings, deep nesting,
 * alias (and fragment) bombs, invalid UTF-8, oversized bodies, odd methods and types,
 * and operations posted to graphql-sse streams.
 */
import fc from 'fast-check';
import { invalidBytes, OPERATIONS, tokenSoup, variables } from './fuzz-parts.js';
import { START_CHAT } from './operations.js';

export interface HttpCase {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Several chunks are sent chunked (no Content-Length). */
  body?: string | Buffer | Buffer[];
}

const json = { 'content-type': 'application/json' };
const post = (kind: string, body: HttpCase['body'], headers: Record<string, string> = json) =>
  ({ kind, method: 'POST', path: '/graphql', headers, body }) satisfies HttpCase;
const postJson = (kind: string, value: unknown) => post(kind, JSON.stringify(value));

const malformedJson = fc
  .oneof(
    fc.string(),
    fc.json().map((s) => s.slice(0, -1)),
    fc.json().map((s) => `${s}}`),
    fc.constantFrom(
      '{',
      '{"query":',
      '[]',
      'null',
      '1',
      '"x"',
      '{"query":1}',
      '{"query":"{a}","variables":"x"}',
      '{"query":"{ __typename }","extensions":[]}',
    ),
  )
  .map((body) => post('malformed JSON', body));

const invalidGraphql = fc
  .record({ query: fc.oneof(tokenSoup, fc.string()), operationName: fc.option(fc.string()) })
  .map((p) => postJson('invalid GraphQL', p));

const wrongVariables = fc
  .record({ query: fc.constantFrom(...OPERATIONS), variables: fc.oneof(variables, fc.jsonValue()) })
  .map((p) => postJson('wrong variable types', p));

const hugeStrings = fc
  .record({
    size: fc.integer({ min: 60_000, max: 200_000 }),
    char: fc.constantFrom('a', '€', '\u0000', '"', '😀', '\n'),
    where: fc.constantFrom('content', 'query', 'operationName', 'variable name'),
  })
  .map(({ size, char, where }) => {
    const big = char.repeat(Math.ceil(size / char.length));
    if (where === 'content')
      return postJson('huge strings', {
        query: START_CHAT,
        variables: { input: { content: big } },
      });
    if (where === 'query') return postJson('huge strings', { query: `{ __typename } # ${big}` });
    if (where === 'operationName')
      return postJson('huge strings', { query: '{ __typename }', operationName: big });
    return postJson('huge strings', { query: '{ __typename }', variables: { [big]: 1 } });
  });

const deepNesting = fc
  .record({
    depth: fc.integer({ min: 13, max: 5000 }),
    shape: fc.constantFrom('selection', 'fragment', 'list', 'object', 'json'),
  })
  .map(({ depth, shape }) => {
    const wrap = (open: string, inner: string, close: string) =>
      `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
    // Written out: JSON.stringify itself would recurse that deep.
    if (shape === 'json')
      return post(
        'deep nesting',
        `{"query":${JSON.stringify(START_CHAT)},"variables":{"input":${wrap('[', '1', ']')}}}`,
      );
    const query = {
      selection: `{ ${wrap('sessions { edges { node { ', 'id', ' } } }')} }`,
      fragment: `{ ${wrap('... on Query { ', '__typename', ' }')} }`,
      list: `{ session(id: ${wrap('[', '"x"', ']')}) { id } }`,
      object: `mutation { startChat(input: ${wrap('{ content: ', '"x"', ' }')}) { id } }`,
    }[shape];
    return postJson('deep nesting', { query });
  });

/** Many aliases, or fragments that each spread the next several times (exponential). */
const aliasBombs = fc
  .record({
    n: fc.integer({ min: 16, max: 3000 }),
    field: fc.constantFrom('__typename', 'sessions { totalCount }', 'session(id: "x") { id }'),
    fragments: fc.boolean(),
  })
  .map(({ n, field, fragments }) => {
    if (!fragments)
      return postJson('alias bombs', {
        query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`,
      });
    const levels = 2 + (n % 60);
    const defs = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { x: ${field} }`
        : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} y${i}: ${field} }`,
    );
    return postJson('alias bombs', { query: `{ ...F0 } ${defs.join(' ')}` });
  });

const invalidUtf8 = fc
  .record({ bytes: invalidBytes, where: fc.constantFrom('query', 'content', 'raw', 'header-less') })
  .map(({ bytes, where }) => {
    const wrapIn = (before: string, after: string) =>
      Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]);
    if (where === 'query') return post('invalid UTF-8', wrapIn('{"query":"{ __typename ', '}"}'));
    if (where === 'content')
      return post(
        'invalid UTF-8',
        wrapIn(`{"query":${JSON.stringify(START_CHAT)},"variables":{"input":{"content":"`, '"}}}'),
      );
    if (where === 'raw') return post('invalid UTF-8', bytes);
    return post('invalid UTF-8', wrapIn('{ __typename ', '}'), {
      'content-type': 'application/graphql',
    });
  });

const oversized = fc
  .record({ size: fc.integer({ min: 256 * 1024 + 1, max: 1_200_000 }), chunked: fc.boolean() })
  .map(({ size, chunked }) => {
    const body = Buffer.from(
      JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(size) } }),
    );
    const chunks = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) =>
      body.subarray(i * 65_536, (i + 1) * 65_536),
    );
    return post('oversized bodies', chunked ? chunks : body);
  });

/** Methods, media types and paths a GraphQL client would not send. */
const oddRequests = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    path: fc.constantFrom(
      '/graphql',
      '/graphql/stream',
      '/graphql?query=%7B__typename%7D',
      '/graphql?query=mutation%7BdeleteSession(id:"x")%7D',
      '/graphql?query={&variables=[',
      '/graphql?extensions=x',
    ),
    type: fc.constantFrom(
      'application/json',
      'text/plain',
      'application/graphql',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      '',
    ),
    accept: fc.constantFrom(
      'application/json',
      'application/graphql-response+json',
      '*/*',
      'text/html',
      'image/png',
      '',
    ),
    body: fc.oneof(fc.string(), tokenSoup, fc.json()),
  })
  .map(({ method, path, type, accept, body }) => ({
    kind: 'odd methods and media types',
    method,
    path,
    headers: { ...(type ? { 'content-type': type } : {}), ...(accept ? { accept } : {}) },
    body: method === 'GET' || method === 'OPTIONS' ? undefined : body,
  }));

/** Stands for a stream token reserved by the test (PUT /graphql/stream) before the run. */
export const RESERVED_STREAM_TOKEN = '$reserved-stream-token';

/**
 * graphql-sse's single-connection mode: operations posted to a reserved stream, to a
 * made-up one or to none, with bad documents, odd operation ids and accept headers.
 * These once answered 500 with a stack trace.
 */
const streamPosts = fc
  .record({
    token: fc.constantFrom(RESERVED_STREAM_TOKEN, 'made-up-token', undefined),
    query: fc.oneof(
      tokenSoup,
      fc.string(),
      fc.constantFrom(...OPERATIONS),
      fc.integer({ min: 101, max: 3000 }).map((n) => `${'{'.repeat(n)}a${'}'.repeat(n)}`),
    ),
    operationId: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(undefined)),
    variables: fc.option(variables, { nil: undefined }),
    accept: fc.constantFrom('application/json', '*/*', 'text/plain', undefined),
  })
  .map(({ token, query, operationId, variables: vars, accept }) => ({
    kind: 'graphql-sse stream',
    method: 'POST',
    path: '/graphql/stream',
    headers: {
      ...json,
      ...(token ? { 'x-graphql-event-stream-token': token } : {}),
      ...(accept ? { accept } : {}),
    },
    body: JSON.stringify({ query, variables: vars, extensions: { operationId } }),
  }));

export const httpCases: fc.Arbitrary<HttpCase> = fc.oneof(
  { arbitrary: malformedJson, weight: 3 },
  { arbitrary: invalidGraphql, weight: 3 },
  { arbitrary: wrongVariables, weight: 3 },
  { arbitrary: hugeStrings, weight: 1 },
  { arbitrary: deepNesting, weight: 2 },
  { arbitrary: aliasBombs, weight: 2 },
  { arbitrary: invalidUtf8, weight: 2 },
  { arbitrary: oversized, weight: 1 },
  { arbitrary: oddRequests, weight: 2 },
  { arbitrary: streamPosts, weight: 2 },
);
