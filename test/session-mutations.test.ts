/** Titles, renameSession, deleteSession and pruneSessions, through GraphQL, on both stores. */
import { afterEach, describe, expect, it } from 'vitest';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const RENAME =
  'mutation($id: ID!, $title: String!) { renameSession(id: $id, title: $title) { id title } }';
const DELETE = 'mutation($id: ID!) { deleteSession(id: $id) }';
const TITLE = 'query($id: ID!) { session(id: $id) { title } }';

describe.each(storeVariants)('session mutations ($name store)', ({ env }) => {
  it('names a session from its first message, cut at a word boundary, until renamed', async () => {
    const s = await startServer(await env());
    const long =
      'Please help me plan a three week hiking trip through the Scottish Highlands in May';
    const sent = await s.gql<any>(SEND_CHAT, { input: { content: long } });
    const id = sent.data!.sendChat.sessionId;
    expect(sent.data!.sendChat.session.title).toBe(
      'Please help me plan a three week hiking trip through the…',
    );

    const renamed = await s.gql<any>(RENAME, { id, title: '  Highlands trip ' });
    expect(renamed.data!.renameSession).toEqual({ id, title: 'Highlands trip' });
    await s.gql(SEND_CHAT, { input: { sessionId: id, content: 'and what about June?' } });
    expect((await s.gql<any>(TITLE, { id })).data!.session.title).toBe('Highlands trip');

    const blank = await s.gql(RENAME, { id, title: '   ' });
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await s.gql(RENAME, { id: 'nope', title: 'x' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('deletes a session with its messages, tool calls and events', async () => {
    const s = await startServer(await env());
    const sent = await s.gql<any>(SEND_CHAT, { input: { content: 'what is 6*7?' } });
    const id = sent.data!.sendChat.sessionId;
    const { store } = s.app.services;
    expect(await store.messages.count(id)).toBe(2);
    expect(await store.toolCalls.count(id)).toBe(1);
    expect((await store.readEvents(id, 0, 100)).length).toBeGreaterThan(5);

    expect((await s.gql<any>(DELETE, { id })).data).toEqual({ deleteSession: true });
    expect((await s.gql<any>(TITLE, { id })).data).toEqual({ session: null });
    expect(await store.messages.count(id)).toBe(0);
    expect(await store.toolCalls.count(id)).toBe(0);
    expect(await store.readEvents(id, 0, 100)).toEqual([]);
    const again = await s.gql(DELETE, { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pruneSessions keeps the newest SESSION_MAX_SESSIONS', async () => {
    const s = await startServer({
      ...(await env()),
      SESSION_MAX_SESSIONS: '2',
      SESSION_AUTO_PRUNE: 'false',
    });
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      const sent = await s.gql<any>(SEND_CHAT, { input: { content: `message ${n}` } });
      ids.push(sent.data!.sendChat.sessionId);
    }
    const pruned = await s.gql<any>('mutation { pruneSessions { deleted } }');
    expect(pruned.data).toEqual({ pruneSessions: { deleted: 2 } });
    const listed = await s.gql<any>('{ sessions { totalCount edges { node { id } } } }');
    expect(listed.data!.sessions.totalCount).toBe(2);
    expect(listed.data!.sessions.edges.map((e: any) => e.node.id)).toEqual([ids[3], ids[2]]);
    expect(await s.app.services.store.messages.count(ids[0]!)).toBe(0);
  });
});
