/** Bad input gets a coded GraphQL error and stores nothing. Through yoga.fetch, no port. */
import { afterEach, describe, expect, it } from 'vitest';
import { SEND_CHAT, START_CHAT } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';

afterEach(disposeAll);

async function server() {
  const s = await startServer();
  const post = async (query: string, variables: Record<string, unknown>) => {
    const res = await s.app.fetch('http://parley.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: any[] };
  };
  const sessionCount = async () => await s.app.services.store.countSessions({ userId: 'default' });
  return { post, sessionCount };
}

describe('chat input checks', () => {
  it.each([SEND_CHAT, START_CHAT])(
    'rejects content over 64 KiB of UTF-8 with PAYLOAD_TOO_LARGE',
    async (op) => {
      const { post, sessionCount } = await server();
      // 30,000 euro signs: 30,000 characters but 90,000 bytes of UTF-8.
      const result = await post(op, { input: { content: '€'.repeat(30_000) } });
      expect(result.errors?.[0]?.extensions).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        size: 90_000,
        limit: 65_536,
      });
      expect(await sessionCount()).toBe(0);
    },
  );

  it('accepts exactly 64 KiB', async () => {
    const { post } = await server();
    const result = await post(SEND_CHAT, { input: { content: 'a'.repeat(65_536) } });
    expect(result.errors).toBeUndefined();
    expect(result.data.sendChat.status).toBe('COMPLETED');
  });

  it.each(['', '   ', '\n\t '])('rejects blank content %j with BAD_USER_INPUT', async (content) => {
    const { post, sessionCount } = await server();
    const result = await post(SEND_CHAT, { input: { content } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await sessionCount()).toBe(0);
  });

  it('rejects an over-long session id', async () => {
    const { post } = await server();
    const result = await post(SEND_CHAT, { input: { content: 'hi', sessionId: 'x'.repeat(200) } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers null for an unknown session, and creates a session under a new client-chosen id', async () => {
    const { post } = await server();
    const id = 'client-chosen-0001';
    expect((await post('query($id: ID!) { session(id: $id) { id } }', { id })).data).toEqual({
      session: null,
    });
    const sent = await post(SEND_CHAT, {
      input: { content: 'hello', sessionId: id, projectId: 'p1' },
    });
    expect(sent.data.sendChat).toMatchObject({
      sessionId: id,
      projectId: 'p1',
      reply: 'You said: hello',
    });
    const read = await post('query($id: ID!) { session(id: $id) { id projectId messageCount } }', {
      id,
    });
    expect(read.data.session).toEqual({ id, projectId: 'p1', messageCount: 2 });
  });

  it('masks unexpected errors and validates GraphQL before running anything', async () => {
    const { post } = await server();
    const invalid = await post('mutation { sendChat(input: {}) { id } }', {});
    expect(invalid.errors?.[0]?.message).toMatch(/content/);
    expect(invalid.data).toBeUndefined();
  });
});
