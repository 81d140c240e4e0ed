/**
 * Nobody reads another user's chat: user B cannot read, subscribe to, send to,
 * cancel, rename or delete user A's session, over HTTP, WebSocket and SSE. Each
 * attempt looks exactly like a missing session and is audited as ACCESS_DENIED.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventsData, SEND_CHAT, SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { collect, disposeAll, startServer, type TestServer } from './support/server.js';
import { ALICE, AUTH_ENV, BOB, bearer, ROOT } from './support/users.js';

let s: TestServer;
let sessionId: string;
beforeAll(async () => {
  s = await startServer({ ...AUTH_ENV, LOCAL_AGENT_TOKEN_DELAY_MS: '20' });
  const sent = await s.gql<any>(
    SEND_CHAT,
    { input: { content: 'alice private note' } },
    bearer(ALICE),
  );
  sessionId = sent.data!.sendChat.sessionId;
});
afterAll(disposeAll);

const SESSION = 'query($id: ID!) { session(id: $id) { id title } }';
const RENAME = 'mutation($id: ID!) { renameSession(id: $id, title: "mine now") { id } }';
const DELETE = 'mutation($id: ID!) { deleteSession(id: $id) }';
const CANCEL = 'mutation($id: ID!) { cancelChat(turnId: $id) }';
const SESSIONS = '{ sessions { totalCount edges { node { id } } } }';

async function denials(): Promise<number> {
  await s.app.services.auditRecorder.flush();
  const entries = await s.app.services.audit.list(
    { action: 'ACCESS_DENIED', actor: 'user:bob' },
    { limit: 100 },
  );
  return entries.length;
}

/** B's answer for A's session must equal the answer for a session that does not exist. */
async function sameAsMissing(query: string, extra: Record<string, unknown> = {}) {
  const foreign = await s.gql(query, { id: sessionId, ...extra }, bearer(BOB));
  const missing = await s.gql(query, { id: 'no-such-session', ...extra }, bearer(BOB));
  const scrub = (r: unknown) =>
    JSON.stringify(r).replaceAll(sessionId, 'ID').replaceAll('no-such-session', 'ID');
  expect(scrub(foreign)).toBe(scrub(missing));
  return foreign;
}

describe('over HTTP', () => {
  it("B sees A's session as missing (read, rename, delete, send, start), each attempt audited", async () => {
    const before = await denials();
    expect((await sameAsMissing(SESSION)).data).toEqual({ session: null });
    expect((await sameAsMissing(RENAME)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sameAsMissing(DELETE)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const op of [SEND_CHAT, START_CHAT]) {
      const r = await s.gql(op, { input: { sessionId, content: 'bob writes here' } }, bearer(BOB));
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const listed = await s.gql<any>(SESSIONS, {}, bearer(BOB));
    expect(listed.data!.sessions.totalCount).toBe(0);
    expect(await denials()).toBe(before + 5);
    // A still has everything.
    const mine = await s.gql<any>(SESSION, { id: sessionId }, bearer(ALICE));
    expect(mine.data!.session).toMatchObject({ id: sessionId, title: 'alice private note' });
    expect(await s.app.services.store.messages.count(sessionId)).toBe(2);
  });

  it("B cannot cancel A's running turn; A can", async () => {
    const started = await s.gql<any>(
      START_CHAT,
      { input: { sessionId, content: 'a b c d e f g h i j k l m n o p' } },
      bearer(ALICE),
    );
    const turnId = started.data!.startChat.id;
    const before = await denials();
    expect((await s.gql<any>(CANCEL, { id: turnId }, bearer(BOB))).data).toEqual({
      cancelChat: false,
    });
    expect(await denials()).toBe(before + 1);
    expect((await s.gql<any>(CANCEL, { id: turnId }, bearer(ALICE))).data).toEqual({
      cancelChat: true,
    });
  });

  it('admins read any session and the audit trail; others get FORBIDDEN', async () => {
    const asRoot = await s.gql<any>(SESSION, { id: sessionId }, bearer(ROOT));
    expect(asRoot.data!.session.id).toBe(sessionId);
    const trail = '{ auditTrail(first: 1) { totalCount } verifyAuditTrail { valid } }';
    expect((await s.gql<any>(trail, {}, bearer(ROOT))).data!.verifyAuditTrail.valid).toBe(true);
    for (const token of [ALICE, BOB]) {
      expect((await s.gql(trail, {}, bearer(token))).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
      const prune = await s.gql('mutation { pruneSessions { deleted } }', {}, bearer(token));
      expect(prune.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('no or a bad token: 401 UNAUTHENTICATED', async () => {
    for (const headers of [
      {},
      bearer('tok-nobody-0123456789abcdef'),
      { authorization: 'Basic abc' },
    ]) {
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: SESSIONS }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('over WebSocket and SSE', () => {
  it("B's subscription to A's session fails like a missing one and is audited; A's works", async () => {
    const before = await denials();
    const bob = s.wsClient({ authorization: `Bearer ${BOB}` });
    const denied = await collect<EventsData>(bob, SESSION_EVENTS, { sessionId }).done;
    expect(denied[0]!.errors?.[0]).toMatchObject({
      message: `session ${sessionId} not found`,
      extensions: { code: 'NOT_FOUND' },
    });
    expect(await denials()).toBe(before + 1);

    const alice = s.wsClient({ authorization: `Bearer ${ALICE}` });
    const replay = await collect<EventsData>(
      alice,
      SESSION_EVENTS,
      { sessionId, afterSeq: 0 },
      (r) => r.data?.sessionEvents.seq === 3,
    ).done;
    expect(replay.slice(0, 3).map((r) => r.data!.sessionEvents.seq)).toEqual([1, 2, 3]);
  });

  it('SSE subscriptions are authenticated by the header and filtered by owner', async () => {
    const bob = createSseClient({
      url: `${s.url}/graphql/stream`,
      headers: bearer(BOB),
      retryAttempts: 0,
    });
    const error = await new Promise<unknown>((resolve) => {
      bob.subscribe(
        { query: SESSION_EVENTS, variables: { sessionId } },
        {
          next: (r) => resolve(r.errors?.[0]),
          error: resolve,
          complete: () => resolve('completed without error'),
        },
      );
    });
    expect(error).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    bob.dispose();
  });

  it('a WebSocket without credentials is closed with 4403', async () => {
    const anonymous = s.wsClient();
    const closed = collect(anonymous, SESSIONS.replace('{', 'subscription {'), {}).done;
    await expect(closed).rejects.toMatchObject({ code: 4403 });
  });
});
