/**
 * Relay connections through GraphQL: forward and backward pages, opaque cursors that
 * stay valid when items arrive, and bounded page sizes. Both stores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const MESSAGES = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  session(id: $id) {
    messages(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { content } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

async function chat(s: TestServer, sessionId: string, from: number, to: number) {
  for (let i = from; i < to; i++)
    await s.gql(SEND_CHAT, { input: { sessionId, content: `m${i}` } });
}

const page = async (s: TestServer, vars: Record<string, unknown>) =>
  (await s.gql<any>(MESSAGES, vars)).data!.session.messages;
const contents = (conn: any) => conn.edges.map((e: any) => e.node.content);

describe.each(storeVariants)('connections ($name store)', ({ env }) => {
  it('pages forward and backward with cursors that survive new messages', async () => {
    const s = await startServer(await env());
    const id = crypto.randomUUID();
    await chat(s, id, 0, 3); // 6 messages: m0, You said: m0, m1, ...

    const first = await page(s, { id, first: 2 });
    expect(contents(first)).toEqual(['m0', 'You said: m0']);
    expect(first).toMatchObject({
      totalCount: 6,
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
    });

    await chat(s, id, 3, 4); // new items arrive; the old cursor still points at the same place
    const next = await page(s, { id, first: 2, after: first.pageInfo.endCursor });
    expect(contents(next)).toEqual(['m1', 'You said: m1']);
    expect(next.totalCount).toBe(8);

    const last = await page(s, { id, last: 3 });
    expect(contents(last)).toEqual(['You said: m2', 'm3', 'You said: m3']);
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await page(s, { id, last: 2, before: last.pageInfo.startCursor });
    expect(contents(before)).toEqual(['You said: m1', 'm2']);
  });

  it('bounds page sizes and rejects foreign cursors with BAD_USER_INPUT', async () => {
    const s = await startServer(await env());
    const id = crypto.randomUUID();
    await chat(s, id, 0, 1);
    expect(contents(await page(s, { id }))).toHaveLength(2); // default size 20 covers both
    for (const vars of [
      { first: 101 },
      { last: 101 },
      { first: -1 },
      { after: 'bm90LWEtY3Vyc29y' },
      { first: 1, last: 1 },
    ]) {
      const r = await s.gql(MESSAGES, { id, ...vars });
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
    }
    const max = await s.gql<any>('{ sessions(first: 100) { totalCount } }');
    expect(max.errors).toBeUndefined();
  });

  it('lists sessions newest first, filtered by project', async () => {
    const s = await startServer(await env());
    for (const [sessionId, projectId] of [
      ['s-a', 'p1'],
      ['s-b', 'p2'],
      ['s-c', 'p1'],
    ]) {
      await s.gql(SEND_CHAT, { input: { sessionId, projectId, content: 'hi' } });
    }
    const all = await s.gql<any>('{ sessions { totalCount edges { node { id } } } }');
    expect(all.data!.sessions.edges.map((e: any) => e.node.id)).toEqual(['s-c', 's-b', 's-a']);
    const p1 = await s.gql<any>(
      '{ sessions(projectId: "p1", first: 1) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(p1.data!.sessions).toMatchObject({
      totalCount: 2,
      edges: [{ node: { id: 's-c' } }],
      pageInfo: { hasNextPage: true },
    });
    const rest = await s.gql<any>(
      'query($after: String) { sessions(projectId: "p1", after: $after) { edges { node { id } } } }',
      {
        after: p1.data!.sessions.pageInfo.endCursor,
      },
    );
    expect(rest.data!.sessions.edges.map((e: any) => e.node.id)).toEqual(['s-a']);
  });
});
