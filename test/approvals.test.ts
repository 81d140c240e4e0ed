/**
 * Issue 14 end to end on one instance (FerretDB, Redis, static tokens): `remember`
 * pauses for a person's approval; approved, the memory is stored and a later session
 * recalls it; rejected, expired or cancelled, nothing is stored. Memories are private,
 * approvals are the owner's (or an admin's) to decide, a resumed stream replays the
 * wait, and the audit trail lists it all without the memory's text.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvalRequestOf,
  CANCEL,
  codeOf,
  DELETE_MEMORY,
  type EventStream,
  isA,
  MEMORIES,
  RESOLVE,
  SESSION_STATE,
  startTurn,
  TOOL_APPROVAL,
  watchEvents,
} from './support/approvals.js';
import { useTestDatabase } from './support/mongo.js';
import type { EventItem } from './support/operations.js';
import { redisUrl } from './support/redis.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { ALICE, AUTH_ENV, BOB, bearer, ROOT } from './support/users.js';

let env: Record<string, string>;
let s: TestServer;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await useTestDatabase('approvals');
  drop = db.drop;
  env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, REDIS_URL: await redisUrl(), ...AUTH_ENV };
  s = await startServer(env);
});
afterAll(async () => {
  await disposeAll();
  await drop();
});

/** A client acting as one user, on `server` (default: the file's server, once started). */
const as = (token: string, server?: TestServer) => ({
  gql: (query: string, variables: Record<string, unknown> = {}) =>
    (server ?? s).gql<any>(query, variables, bearer(token)),
  watch: (sessionId: string, afterSeq = 0) =>
    watchEvents((server ?? s).wsClient({ authorization: `Bearer ${token}` }), sessionId, afterSeq),
  start: (sessionId: string, content: string) =>
    startTurn((server ?? s).url, sessionId, content, bearer(token)),
});
const alice = as(ALICE);
const bob = as(BOB);
const root = as(ROOT);

const kinds = (events: EventItem[]) => events.map((e) => e.__typename).join(' ');
const gapless = (events: EventItem[]) =>
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => events[0]!.seq + i));

/** Starts `remember <text>` in a new session and waits for its approval request. */
async function rememberTurn(text: string, who = alice) {
  const sessionId = randomUUID();
  const stream = who.watch(sessionId);
  const turnId = await who.start(sessionId, `remember ${text}`);
  const request = await approvalRequestOf(stream, turnId);
  return { sessionId, turnId, stream, request };
}

/** A refused `remember`: no tool ran, the end is an error, the turn completes saying so. */
async function expectRefused(stream: EventStream, turnId: string, decision: string) {
  const done = await stream.done(turnId);
  const turn = stream.events.filter((e) => e.turnId === turnId);
  expect(kinds(turn)).toMatch(
    /^TurnStartedEvent ReasoningEvent ToolApprovalRequestEvent ToolApprovalResolvedEvent ToolEndEvent( TokenEvent)+ UsageEvent DoneEvent$/,
  );
  expect(turn.find(isA('ToolApprovalResolvedEvent'))).toMatchObject({ decision });
  expect(turn.find(isA('ToolEndEvent'))).toMatchObject({
    toolName: 'memory_store',
    isError: true,
    outputSummary: expect.stringMatching(/^not run: /),
  });
  expect(done).toMatchObject({
    status: 'COMPLETED',
    reply: expect.stringMatching(/^I did not remember it: /),
  });
  return done;
}

async function denials(actor: string): Promise<number> {
  await s.app.services.auditRecorder.flush();
  const entries = await s.app.services.audit.list(
    { action: 'ACCESS_DENIED', actor },
    { limit: 1000 },
  );
  return entries.length;
}

const TEXT = 'my cat is called Tom';
/** What the approved turn left, for the tests after it (they run in order). */
const first = { sessionId: '', turnId: '', approvalId: '', memoryId: '', recallSessionId: '' };

describe('approved: stored, recalled in another session, listed, private, deleted', () => {
  it('remember -> approval request, AWAITING_APPROVAL, approve -> tool events, MemoryEvent STORE, COMPLETED', async () => {
    const { sessionId, turnId, stream, request } = await rememberTurn(TEXT);
    Object.assign(first, { sessionId, turnId, approvalId: request.approvalId });
    expect(request).toMatchObject({
      turnId,
      toolName: 'memory_store',
      toolArgs: { content: TEXT },
      reason: expect.any(String),
    });
    expect(Date.parse(request.expiresAt as string)).toBeGreaterThan(Date.now());
    // Paused before the tool runs.
    expect(stream.events.some(isA('ToolStartEvent'))).toBe(false);

    const pending = {
      id: request.approvalId,
      sessionId,
      turnId,
      toolCallId: request.toolCallId,
      toolName: 'memory_store',
      toolArgs: { content: TEXT },
      status: 'PENDING',
      resolvedAt: null,
      resolvedBy: null,
    };
    const state = await alice.gql(SESSION_STATE, { id: sessionId });
    expect(state.data.session).toMatchObject({
      status: 'AWAITING_APPROVAL',
      pendingApprovals: [pending],
    });
    const approval = await alice.gql(TOOL_APPROVAL, { id: request.approvalId });
    expect(approval.data.toolApproval).toMatchObject(pending);

    const resolved = await alice.gql(RESOLVE, {
      id: request.approvalId,
      approve: true,
      reason: 'fine',
    });
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data.resolveToolApproval).toMatchObject({
      ...pending,
      status: 'APPROVED',
      resolvedBy: 'alice',
      decisionReason: 'fine',
      resolvedAt: expect.any(String),
    });

    const done = await stream.done(turnId);
    const events = stream.events;
    gapless(events);
    expect(kinds(events)).toMatch(
      /^TurnStartedEvent ReasoningEvent ToolApprovalRequestEvent ToolApprovalResolvedEvent ToolStartEvent( ToolProgressEvent)+ MemoryEvent ToolEndEvent( TokenEvent)+ UsageEvent DoneEvent$/,
    );
    const { toolCallId, approvalId } = request;
    expect(events.find(isA('ToolApprovalResolvedEvent'))).toMatchObject({
      approvalId,
      toolCallId,
      decision: 'APPROVED',
      resolvedBy: 'alice',
      reason: 'fine',
    });
    expect(events.find(isA('ToolStartEvent'))).toMatchObject({
      toolCallId,
      toolArgs: { content: TEXT },
    });
    const stored = events.find(isA('MemoryEvent'))!;
    expect(stored).toMatchObject({
      action: 'STORE',
      count: 1,
      source: 'memories',
      memoryId: expect.any(String),
    });
    first.memoryId = stored.memoryId as string;
    expect(events.find(isA('ToolEndEvent'))).toMatchObject({ toolCallId, isError: false });
    expect(done).toMatchObject({ status: 'COMPLETED', reply: `I will remember: ${TEXT}` });

    const after = await alice.gql(SESSION_STATE, { id: sessionId });
    expect(after.data.session).toMatchObject({ status: 'IDLE', pendingApprovals: [] });
    const decided = await alice.gql(TOOL_APPROVAL, { id: approvalId });
    expect(decided.data.toolApproval).toMatchObject({ status: 'APPROVED', resolvedBy: 'alice' });
  });

  it('session B: recall cat -> MemoryEvent RECALL from memories (1), then from session-history; the reply has Tom', async () => {
    const sessionId = randomUUID();
    first.recallSessionId = sessionId;
    const stream = alice.watch(sessionId);
    const turnId = await alice.start(sessionId, 'recall cat');
    const done = await stream.done(turnId);
    expect(stream.events.filter(isA('MemoryEvent'))).toMatchObject([
      { action: 'RECALL', query: 'cat', source: 'memories', count: 1 },
      { action: 'RECALL', query: 'cat', source: 'session-history', count: 0 },
    ]);
    expect(done).toMatchObject({ status: 'COMPLETED', reply: expect.stringContaining('Tom') });
  });

  it('memories lists it, filtered by every word of query', async () => {
    const node = {
      id: first.memoryId,
      content: TEXT,
      sessionId: first.sessionId,
      turnId: first.turnId,
    };
    expect((await alice.gql(MEMORIES)).data.memories).toMatchObject({
      totalCount: 1,
      edges: [{ node }],
    });
    expect((await alice.gql(MEMORIES, { query: 'TOM cat' })).data.memories.totalCount).toBe(1);
    expect((await alice.gql(MEMORIES, { query: 'cat dog' })).data.memories.totalCount).toBe(0);
    // The words are text, not patterns.
    for (const query of ['c.t', '(', 'T.*'])
      expect((await alice.gql(MEMORIES, { query })).data.memories.totalCount).toBe(0);
  });

  it('another user sees none of it: no memories, null approval, NOT_FOUND on resolve and delete, recalls nothing', async () => {
    expect((await bob.gql(MEMORIES)).data.memories).toMatchObject({ totalCount: 0, edges: [] });
    const before = await denials('user:bob');
    expect((await bob.gql(TOOL_APPROVAL, { id: first.approvalId })).data).toEqual({
      toolApproval: null,
    });
    const decide = await bob.gql(RESOLVE, { id: first.approvalId, approve: false });
    expect(codeOf(decide)).toBe('NOT_FOUND');
    expect(await denials('user:bob')).toBe(before + 2);
    expect(codeOf(await bob.gql(DELETE_MEMORY, { id: first.memoryId }))).toBe('NOT_FOUND');
    // Looks exactly like a memory that does not exist.
    expect(codeOf(await bob.gql(DELETE_MEMORY, { id: randomUUID() }))).toBe('NOT_FOUND');

    const sessionId = randomUUID();
    const stream = bob.watch(sessionId);
    const done = await stream.done(await bob.start(sessionId, 'recall cat'));
    expect(stream.events.find(isA('MemoryEvent'))).toMatchObject({ source: 'memories', count: 0 });
    expect(done.reply).not.toContain('Tom');
    // Alice's memory is untouched.
    expect((await alice.gql(MEMORIES)).data.memories.totalCount).toBe(1);
  });

  it('deleting its session keeps the memory; deleteMemory removes it; a second delete is NOT_FOUND', async () => {
    const deleteSession = 'mutation($id: ID!) { deleteSession(id: $id) }';
    expect((await alice.gql(deleteSession, { id: first.sessionId })).data).toEqual({
      deleteSession: true,
    });
    expect((await alice.gql(MEMORIES)).data.memories.edges).toMatchObject([
      { node: { id: first.memoryId, content: TEXT } },
    ]);
    expect((await alice.gql(DELETE_MEMORY, { id: first.memoryId })).data).toEqual({
      deleteMemory: true,
    });
    expect((await alice.gql(MEMORIES)).data.memories).toMatchObject({ totalCount: 0, edges: [] });
    expect(codeOf(await alice.gql(DELETE_MEMORY, { id: first.memoryId }))).toBe('NOT_FOUND');
  });
});

describe('refused: nothing is stored, the turn completes saying so', () => {
  it('rejected (by an admin) -> ToolEndEvent isError, COMPLETED, no memory; resolving again -> ALREADY_RESOLVED', async () => {
    const { turnId, stream, request } = await rememberTurn('my dog is called Rex');
    const rejected = await root.gql(RESOLVE, {
      id: request.approvalId,
      approve: false,
      reason: 'no pets',
    });
    expect(rejected.data.resolveToolApproval).toMatchObject({
      status: 'REJECTED',
      resolvedBy: 'root',
      decisionReason: 'no pets',
    });
    const done = await expectRefused(stream, turnId, 'REJECTED');
    expect(done.reply).toContain('rejected');
    expect(stream.events.some(isA('MemoryEvent'))).toBe(false);
    expect((await alice.gql(MEMORIES, { query: 'Rex' })).data.memories.totalCount).toBe(0);

    const again = await alice.gql(RESOLVE, { id: request.approvalId, approve: true });
    expect(codeOf(again)).toBe('ALREADY_RESOLVED');
    expect(again.errors?.[0]?.extensions).toMatchObject({ status: 'REJECTED', resolvedBy: 'root' });
  });

  it('not answered within TOOL_APPROVAL_TIMEOUT_MS -> EXPIRED, same outcome', async () => {
    const quick = as(ALICE, await startServer({ ...env, TOOL_APPROVAL_TIMEOUT_MS: '300' }));
    const { turnId, stream, request } = await rememberTurn('my fish is called Nemo', quick);
    expect(
      Date.parse(request.expiresAt as string) - Date.parse(request.at as string),
    ).toBeLessThanOrEqual(300);
    const done = await expectRefused(stream, turnId, 'EXPIRED');
    expect(done.reply).toContain('in time');
    const approval = (await quick.gql(TOOL_APPROVAL, { id: request.approvalId })).data.toolApproval;
    expect(approval).toMatchObject({
      status: 'EXPIRED',
      resolvedBy: null,
      resolvedAt: expect.any(String),
    });
    expect((await alice.gql(MEMORIES, { query: 'Nemo' })).data.memories.totalCount).toBe(0);
    const late = await quick.gql(RESOLVE, { id: request.approvalId, approve: true });
    expect(codeOf(late)).toBe('ALREADY_RESOLVED');
    expect(late.errors?.[0]?.extensions).toMatchObject({ status: 'EXPIRED' });
  });

  it('cancelChat while waiting -> DoneEvent CANCELLED, the approval EXPIRED', async () => {
    const { sessionId, turnId, stream, request } = await rememberTurn('my bird is called Tweety');
    expect((await alice.gql(CANCEL, { id: turnId })).data).toEqual({ cancelChat: true });
    expect(await stream.done(turnId)).toMatchObject({ status: 'CANCELLED' });
    expect(stream.events.some(isA('ToolStartEvent'))).toBe(false);
    await expect
      .poll(
        async () =>
          (await alice.gql(TOOL_APPROVAL, { id: request.approvalId })).data.toolApproval.status,
        { timeout: 5000 },
      )
      .toBe('EXPIRED');
    const state = await alice.gql(SESSION_STATE, { id: sessionId });
    expect(state.data.session).toMatchObject({ status: 'IDLE', pendingApprovals: [] });
    expect((await alice.gql(MEMORIES, { query: 'Tweety' })).data.memories.totalCount).toBe(0);
  });
});

it('a stream resumed with afterSeq across the wait replays the approval events in order, each once', async () => {
  const sessionId = randomUUID();
  const firstStream = alice.watch(sessionId);
  const turnId = await alice.start(sessionId, 'remember my horse is called Ed');
  const reasoning = await firstStream.next(isA('ReasoningEvent'), 'reasoning');
  firstStream.close(); // the client goes away while the turn is about to wait
  const seen = firstStream.events.filter((e) => e.seq <= reasoning.seq); // TurnStarted, Reasoning

  await expect
    .poll(
      async () =>
        (await alice.gql(SESSION_STATE, { id: sessionId })).data.session.pendingApprovals.length,
      { timeout: 5000 },
    )
    .toBe(1);
  const { data } = await alice.gql(SESSION_STATE, { id: sessionId });
  await alice.gql(RESOLVE, { id: data.session.pendingApprovals[0].id, approve: true });

  const resumed = alice.watch(sessionId, reasoning.seq);
  await resumed.done(turnId);
  const all = [...seen, ...resumed.events];
  expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
  expect(kinds(all)).toMatch(
    /^TurnStartedEvent ReasoningEvent ToolApprovalRequestEvent ToolApprovalResolvedEvent ToolStartEvent .*DoneEvent$/,
  );
  expect(all.find(isA('ToolApprovalResolvedEvent'))).toMatchObject({
    approvalId: data.session.pendingApprovals[0].id,
    decision: 'APPROVED',
  });
});

it('verifyAuditTrail is valid and lists the approval and memory actions, never the memory text', async () => {
  const VERIFY = '{ verifyAuditTrail { valid brokenAtSeq } }';
  const TRAIL = `query($filter: AuditFilter) {
    auditTrail(first: 100, filter: $filter) { edges { node { action detail resource } } }
  }`;
  await s.app.services.auditRecorder.flush();
  expect((await root.gql(VERIFY)).data.verifyAuditTrail).toEqual({
    valid: true,
    brokenAtSeq: null,
  });
  const actionsOf = async (sessionId: string) => {
    const trail = await root.gql(TRAIL, { filter: { sessionId } });
    return trail.data.auditTrail.edges.map((e: any) => e.node.action as string);
  };
  expect(await actionsOf(first.sessionId)).toEqual(
    expect.arrayContaining(['APPROVAL_REQUESTED', 'APPROVAL_RESOLVED', 'MEMORY_WRITE']),
  );
  expect(await actionsOf(first.recallSessionId)).toContain('MEMORY_READ');
  const deleted = await s.app.services.audit.list({ action: 'MEMORY_WRITE' }, { limit: 1000 });
  expect(deleted.map((e) => e.detail)).toContainEqual({ memoryId: first.memoryId, deleted: true });
  const everything = await s.app.services.audit.list({}, { limit: 10_000 });
  expect(everything.length).toBeGreaterThan(0);
  const text = JSON.stringify(everything);
  expect(text).not.toContain('Tom');
  expect(text).not.toContain('Rex');
});
