/**
 * Issue 16: edit, regenerate and branch a conversation, and onBusy. Every branch is
 * kept; the server says which one is current (activeLeafId), also after a reload.
 * In-memory store and FerretDB.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type BranchMessage,
  branchOf,
  doneOf,
  EDIT,
  FORK,
  REGENERATE,
  SWITCH,
} from './support/branches.js';
import { useTestDatabase } from './support/mongo.js';
import { SEND_CHAT, START_CHAT } from './support/operations.js';
import { collect, disposeAll, startServer, type TestServer } from './support/server.js';
import { AUTH_ENV, BOB, bearer } from './support/users.js';

const drops: (() => Promise<void>)[] = [];
afterEach(disposeAll);
afterAll(async () => {
  for (const drop of drops) await drop();
});

const contents = (messages: BranchMessage[]) => messages.map((m) => `${m.role}:${m.content}`);

async function send(server: TestServer, content: string, sessionId?: string) {
  const r = await server.gql<any>(SEND_CHAT, { input: { content, sessionId } });
  expect(r.errors).toBeUndefined();
  return r.data!.sendChat as { id: string; sessionId: string; reply: string };
}

/** A mutation that starts a turn; resolves once the turn is done, with its ChatTurn. */
async function turnOf(server: TestServer, query: string, variables: Record<string, unknown>) {
  const r = await server.gql<any>(query, variables);
  expect(r.errors).toBeUndefined();
  const turn = Object.values(r.data!)[0] as { id: string; sessionId: string; firstSeq: number };
  return { turn, done: await doneOf(server, turn) };
}

describe.each(['memory', 'mongo'] as const)('branches (%s store)', (kind) => {
  const env = async (extra: Record<string, string> = {}) => {
    if (kind === 'memory') return extra;
    const db = await useTestDatabase('branches');
    drops.push(db.drop);
    return { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, ...extra };
  };

  it('regenerate twice: three sibling replies, the newest active; switchBranch survives a reload', async () => {
    const server = await startServer(await env());
    const { sessionId } = await send(server, 'what is 2+3*4?');
    const [user, first] = (await branchOf(server, sessionId)).messages;
    await turnOf(server, REGENERATE, { id: first!.id });
    await turnOf(server, REGENERATE, { id: first!.id });

    const now = await branchOf(server, sessionId);
    expect(now.messages).toHaveLength(2);
    const newest = now.messages[1]!;
    expect(newest).toMatchObject({
      role: 'AGENT',
      parentId: user!.id,
      siblingIndex: 2,
      siblingCount: 3,
    });
    expect(now.activeLeafId).toBe(newest.id);
    expect(newest.siblings.map((s: { id: string }) => s.id)[0]).toBe(first!.id);
    expect(newest.siblings).toHaveLength(2);
    expect(now.messageCount).toBe(4);
    // Every reply answers the same question.
    for (const reply of [
      newest.content,
      ...newest.siblings.map((s: { content: string }) => s.content),
    ]) {
      expect(reply).toContain('14');
    }

    const switched = await server.gql<any>(SWITCH, { id: first!.id });
    expect(switched.data!.switchBranch.activeLeafId).toBe(first!.id);
    const reloaded = await branchOf(server, sessionId);
    expect(reloaded.messages.map((m) => m.id)).toEqual([user!.id, first!.id]);
    expect(reloaded.messages[1]).toMatchObject({ siblingIndex: 0, siblingCount: 3 });
    expect(reloaded.activeLeafId).toBe(first!.id);
  });

  it('edit the second user message of three turns: a new 2 + 2 branch, the old one intact', async () => {
    const server = await startServer(await env());
    const { sessionId } = await send(server, 'one');
    await send(server, 'two', sessionId);
    await send(server, 'three', sessionId);
    const before = await branchOf(server, sessionId);
    const second = before.messages[2]!;
    await turnOf(server, EDIT, { id: second.id, content: 'two, edited' });

    const after = await branchOf(server, sessionId);
    expect(contents(after.messages)).toEqual([
      'USER:one',
      `AGENT:${before.messages[1]!.content}`,
      'USER:two, edited',
      expect.stringMatching(/^AGENT:.*two, edited/),
    ]);
    expect(after.messages[2]).toMatchObject({
      parentId: before.messages[1]!.id,
      siblingIndex: 1,
      siblingCount: 2,
    });
    expect(after.messages[2]!.siblings).toEqual([{ id: second.id, content: 'two' }]);
    expect(after.messages[3]!.parentId).toBe(after.messages[2]!.id);
    // The old branch, through the sibling: its newest leaf is the old end.
    await server.gql(SWITCH, { id: second.id });
    const old = await branchOf(server, sessionId);
    expect(old.messages.map((m) => m.id)).toEqual(before.messages.map((m) => m.id));
  });

  it('fork at a message: exactly that branch, its own ids; deleting the fork leaves the original', async () => {
    const server = await startServer(await env());
    const { sessionId } = await send(server, 'what is 2+3*4?');
    await send(server, 'what time is it?', sessionId);
    await send(server, 'three', sessionId);
    const original = await branchOf(server, sessionId);
    const at = original.messages[3]!; // the second reply
    const r = await server.gql<any>(FORK, { id: at.id, title: 'A fork' });
    expect(r.errors).toBeUndefined();
    const fork = r.data!.forkSession;
    const forked = fork.messages.edges.map((e: any) => e.node);
    expect(fork).toMatchObject({
      userId: original.userId ?? expect.any(String),
      title: 'A fork',
      messageCount: 4,
    });
    expect(forked.map((m: any) => `${m.role}:${m.content}`)).toEqual(
      contents(original.messages.slice(0, 4)),
    );
    const originalIds = new Set(original.messages.map((m) => m.id));
    for (const m of forked) expect(originalIds.has(m.id)).toBe(false);
    expect(forked[0].parentId).toBeNull();
    expect(forked[3].parentId).toBe(forked[2].id);
    expect(fork.activeLeafId).toBe(forked[3].id);
    // Tool calls and usage of the copied turns come along, under the fork's own turns.
    expect(forked[1].toolCalls.map((c: any) => c.toolName)).toEqual(
      (original.messages[1] as any).toolCalls.map((c: any) => c.toolName),
    );
    expect(fork.toolCalls.totalCount).toBeGreaterThan(0);
    const forkTurns = new Set(forked.map((m: any) => m.turnId));
    for (const edge of fork.toolCalls.edges) expect(forkTurns.has(edge.node.turnId)).toBe(true);
    expect(fork.usage.outputTokens).toBeGreaterThan(0);
    expect(fork.usage.outputTokens).toBeLessThan(original.usage.outputTokens);

    await server.gql('mutation($id: ID!) { deleteSession(id: $id) }', { id: fork.id });
    const still = await branchOf(server, sessionId);
    expect(still.messages.map((m) => m.id)).toEqual(original.messages.map((m) => m.id));
    expect(still.messageCount).toBe(6);
    // The fork goes on by itself.
    const more = await send(server, 'and now?', fork.id);
    expect(more.sessionId).toBe(fork.id);
  });

  it('onBusy REJECT: SESSION_BUSY while a long turn runs, nothing stored', async () => {
    const server = await startServer(await env({ LOCAL_AGENT_TOKEN_DELAY_MS: '20' }));
    const { sessionId } = await send(server, 'hello');
    const long = await server.gql<any>(START_CHAT, { input: { sessionId, content: words(100) } });
    const rejected = await server.gql<any>(SEND_CHAT, {
      input: { sessionId, content: 'not now', onBusy: 'REJECT' },
    });
    expect(rejected.errors?.[0]?.extensions).toMatchObject({
      code: 'SESSION_BUSY',
      onBusy: 'REJECT',
    });
    const done = await doneOf(server, long.data!.startChat);
    expect(done.status).toBe('COMPLETED');
    const after = await branchOf(server, sessionId);
    expect(after.messageCount).toBe(4);
    expect(contents(after.messages).join('\n')).not.toContain('not now');
    // Idle now: REJECT runs.
    const ok = await server.gql<any>(SEND_CHAT, {
      input: { sessionId, content: 'now', onBusy: 'REJECT' },
    });
    expect(ok.data!.sendChat.status).toBe('COMPLETED');
  });

  it('onBusy INTERRUPT: the running turn ends CANCELLED with its partial reply, the new one completes', async () => {
    const server = await startServer(await env({ LOCAL_AGENT_TOKEN_DELAY_MS: '20' }));
    const { sessionId } = await send(server, 'hello');
    const long = await server.gql<any>(START_CHAT, { input: { sessionId, content: words(100) } });
    const first = long.data!.startChat;
    const interrupting = await server.gql<any>(SEND_CHAT, {
      input: { sessionId, content: 'stop, this instead', onBusy: 'INTERRUPT' },
    });
    expect(interrupting.data!.sendChat.status).toBe('COMPLETED');
    const cancelled = await doneOf(server, first);
    expect(cancelled.status).toBe('CANCELLED');

    const after = await branchOf(server, sessionId);
    expect(after.messages.map((m) => [m.role, m.status])).toEqual([
      ['USER', null],
      ['AGENT', 'COMPLETED'],
      ['USER', null],
      ['AGENT', 'CANCELLED'],
      ['USER', null],
      ['AGENT', 'COMPLETED'],
    ]);
    expect(after.messages[3]!.content).toBe(cancelled.reply);
    expect(cancelled.reply.length).toBeLessThan(`You said: ${words(100)}`.length);
    // Seq gap-free over all three turns.
    const all = await doneOf(server, {
      id: interrupting.data!.sendChat.id,
      sessionId,
      firstSeq: 1,
    });
    expect(all.seq).toBeGreaterThan(0);
  });

  it('10 concurrent regenerateReply on one message: 10 sibling replies, none lost, none interleaved', async () => {
    const server = await startServer(await env());
    const { sessionId } = await send(server, 'what is 2+3*4?');
    const [user, reply] = (await branchOf(server, sessionId)).messages;
    const started = await Promise.all(
      Array.from({ length: 10 }, () => server.gql<any>(REGENERATE, { id: reply!.id })),
    );
    const turns = started.map((r) => r.data!.regenerateReply);
    const dones = await Promise.all(turns.map((turn) => doneOf(server, turn)));
    expect(dones.map((d) => d.status)).toEqual(Array(10).fill('COMPLETED'));
    const now = await branchOf(server, sessionId);
    expect(now.messages[1]).toMatchObject({
      parentId: user!.id,
      siblingCount: 11,
      siblingIndex: 10,
    });
    expect(now.messageCount).toBe(12);
    // Each turn's events are contiguous: no two turns ran at once.
    const events = await eventsOf(server, sessionId, 11);
    const runs = events.map((e) => e.turnId).filter((id, i, all) => id !== all[i - 1]);
    expect(runs).toHaveLength(11);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('a waiting regenerate or edit that is cancelled (cancelChat, INTERRUPT) leaves the tree as it was', async () => {
    const server = await startServer(await env({ LOCAL_AGENT_TOKEN_DELAY_MS: '20' }));
    const { sessionId } = await send(server, 'hello');
    const [user, reply] = (await branchOf(server, sessionId)).messages;
    const long = (await server.gql<any>(START_CHAT, { input: { sessionId, content: words(100) } }))
      .data!.startChat;
    const regen = (await server.gql<any>(REGENERATE, { id: reply!.id })).data!.regenerateReply;
    const cancel = await server.gql<any>('mutation($id: ID!) { cancelChat(turnId: $id) }', {
      id: regen.id,
    });
    expect(cancel.data).toEqual({ cancelChat: true });
    const edit = (await server.gql<any>(EDIT, { id: user!.id, content: 'hello, edited' })).data!
      .editMessage;
    const interrupting = await server.gql<any>(SEND_CHAT, {
      input: { sessionId, content: 'this instead', onBusy: 'INTERRUPT' },
    });
    expect(interrupting.data!.sendChat.status).toBe('COMPLETED');
    for (const turn of [long, regen, edit])
      expect((await doneOf(server, turn)).status).toBe('CANCELLED');

    const after = await branchOf(server, sessionId);
    // Only the plain turns are in the history: the first, the interrupted one, the last.
    expect(after.messages.map((m) => m.content.slice(0, 12))).toEqual([
      'hello',
      expect.any(String),
      words(100).slice(0, 12),
      expect.any(String),
      'this instead',
      expect.any(String),
    ]);
    expect(after.messages[1]).toMatchObject({ id: reply!.id, siblingCount: 1 });
    expect(after.messages[0]!.siblingCount).toBe(1);
    expect(after.messageCount).toBe(6);
  });

  it('concurrent onBusy REJECT on an idle session: exactly one turn starts', async () => {
    const server = await startServer(await env({ LOCAL_AGENT_TOKEN_DELAY_MS: '20' }));
    const { sessionId } = await send(server, 'hello');
    const tries = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        server.gql<any>(START_CHAT, {
          input: { sessionId, content: `${words(30)} ${i}`, onBusy: 'REJECT' },
        }),
      ),
    );
    const started = tries.filter((r) => r.data?.startChat);
    const refused = tries.filter((r) => r.errors?.[0]?.extensions?.code === 'SESSION_BUSY');
    expect([started.length, refused.length]).toEqual([1, 3]);
    await doneOf(server, started[0]!.data!.startChat);
    expect((await branchOf(server, sessionId)).messageCount).toBe(4);
  });

  it('Session.queuedTurns shows the waiting turns in order; cancelChat removes one', async () => {
    const server = await startServer(await env({ LOCAL_AGENT_TOKEN_DELAY_MS: '20' }));
    const { sessionId } = await send(server, 'hello');
    const start = async (content: string) =>
      (await server.gql<any>(START_CHAT, { input: { sessionId, content } })).data!.startChat;
    const running = await start(words(100));
    const second = await start('second');
    const third = await start('third');
    const queued = async () =>
      (await branchOf(server, sessionId)).queuedTurns.map((t: any) => t.id);
    expect(await queued()).toEqual([second.id, third.id]);
    const cancel = await server.gql<any>('mutation($id: ID!) { cancelChat(turnId: $id) }', {
      id: second.id,
    });
    expect(cancel.data).toEqual({ cancelChat: true });
    expect(await queued()).toEqual([third.id]);
    await server.gql('mutation($id: ID!) { cancelChat(turnId: $id) }', { id: running.id });
    await doneOf(server, third);
    expect(await queued()).toEqual([]);
  });

  it('refuses what is not allowed: wrong roles, empty content, a missing or foreign message', async () => {
    const server = await startServer(await env(AUTH_ENV));
    const alice = { authorization: 'Bearer tok-alice-0123456789abcdef' };
    const r = await server.gql<any>(SEND_CHAT, { input: { content: 'hello' } }, alice);
    const { sessionId } = r.data!.sendChat;
    const [user, reply] = (await branchOf(server, sessionId, alice)).messages;
    const code = async (query: string, variables: Record<string, unknown>, headers = alice) =>
      (await server.gql<any>(query, variables, headers)).errors?.[0]?.extensions?.code;
    expect(await code(REGENERATE, { id: user!.id })).toBe('BAD_USER_INPUT');
    expect(await code(EDIT, { id: reply!.id, content: 'x' })).toBe('BAD_USER_INPUT');
    expect(await code(EDIT, { id: user!.id, content: '   ' })).toBe('BAD_USER_INPUT');
    expect(await code(EDIT, { id: user!.id, content: 'x'.repeat(70_000) })).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(await code(SWITCH, { id: 'no-such-message' })).toBe('NOT_FOUND');
    for (const [query, variables] of [
      [REGENERATE, { id: reply!.id }],
      [EDIT, { id: user!.id, content: 'mine now' }],
      [SWITCH, { id: user!.id }],
      [FORK, { id: reply!.id }],
    ] as const) {
      expect(await code(query, variables, bearer(BOB))).toBe('NOT_FOUND');
    }
    expect((await branchOf(server, sessionId, alice)).messageCount).toBe(2);
  });

  it('audits each operation by name and ids, never content', async () => {
    const server = await startServer(await env());
    const { sessionId } = await send(server, 'a secret question');
    const [user, reply] = (await branchOf(server, sessionId)).messages;
    await turnOf(server, REGENERATE, { id: reply!.id });
    await turnOf(server, EDIT, { id: user!.id, content: 'a secret edit' });
    await server.gql(SWITCH, { id: reply!.id });
    await server.gql(FORK, { id: reply!.id });
    await server.app.services.auditRecorder.flush();
    const entries = await server.app.services.audit.list({ action: 'OTHER' }, { limit: 50 });
    const operationOf = (e: (typeof entries)[number]) =>
      (e.detail as { operation?: string }).operation;
    const ours = entries.filter((e) => e.resource === `session:${sessionId}` && operationOf(e));
    expect(ours.map(operationOf).sort()).toEqual([
      'editMessage',
      'regenerateReply',
      'switchBranch',
    ]);
    expect(
      entries.some((e) => (e.detail as { operation: string }).operation === 'forkSession'),
    ).toBe(true);
    for (const entry of entries) expect(JSON.stringify(entry)).not.toMatch(/secret/);
  });
});

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

/** Every stored event of the session, read once `turns` DoneEvents have come. */
async function eventsOf(server: TestServer, sessionId: string, turns: number) {
  const query = `subscription($sessionId: ID!) { sessionEvents(sessionId: $sessionId, afterSeq: 0) { __typename ... on TurnEvent { seq turnId } } }`;
  let seen = 0;
  const { done } = collect<any>(server.wsClient(), query, { sessionId }, (r) =>
    r.data?.sessionEvents.__typename === 'DoneEvent' ? ++seen === turns : false,
  );
  return (await done).map((r) => r.data!.sessionEvents as { seq: number; turnId: string });
}
