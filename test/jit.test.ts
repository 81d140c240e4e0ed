/**
 * Queries run compiled (server/jit.ts): whole answers (every other test checks them), errors as
 * graphql-js words them, and a bounded cache of compiled documents.
 */
import { afterEach, expect, it } from 'vitest';
import { LruCache } from '../src/lib/lru-cache.js';
import { SEND_CHAT, SESSION } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';

afterEach(disposeAll);

it('answers a nested query (dates, connections, tool calls) the same on every run of its compiled form', async () => {
  const server = await startServer();
  const sent = await server.gql<any>(SEND_CHAT, { input: { content: 'what is 2+3*4?' } });
  const sessionId = sent.data!.sendChat.sessionId;
  const first = await server.gql<any>(SESSION, { id: sessionId });
  const again = await server.gql<any>(SESSION, { id: sessionId });
  expect(first.errors).toBeUndefined();
  expect(again).toEqual(first);
  const session = first.data!.session;
  expect(session.messages.totalCount).toBe(2);
  expect(session.messages.edges[1].node.toolCalls).toEqual([{ toolName: 'calculator' }]);
  expect(Number.isNaN(Date.parse(session.toolCalls.edges[0].node.startedAt))).toBe(false);
  // A variable graphql-js refuses gets graphql-js's error, suggestion included.
  const typo = await server.gql<any>(SEND_CHAT, { input: { content: 'x', sesionId: 'y' } });
  expect(typo.errors?.[0]?.message).toMatch(/Did you mean "sessionId"/);
});

it('keeps at most its bound of compiled documents, the least recently used going first', () => {
  const cache = new LruCache(2);
  const entry = (name: string) => ({ query: () => name, stringify: () => name }) as never;
  cache.set('a', entry('a'));
  cache.set('b', entry('b'));
  expect(cache.get('a')).toBeDefined(); // a is now the newest
  cache.set('c', entry('c'));
  expect(cache.get('b')).toBeUndefined();
  expect(cache.get('a')).toBeDefined();
  expect(cache.get('c')).toBeDefined();
});
