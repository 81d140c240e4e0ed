/**
 * The approval and memory fields over the real schema, a MemoryStore, the real desk and
 * the real audit recorder: who sees and decides an approval, ALREADY_RESOLVED with the
 * decision that stands, Session.status, and memories private to their user.
 */
import { type ExecutionResult, graphql } from 'graphql';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../src/audit/memory-log.js';
import { AuditRecorder } from '../src/audit/recorder.js';
import type { Viewer } from '../src/auth/viewer.js';
import type { ApprovalDoc } from '../src/model/documents.js';
import type { Context } from '../src/resolvers/context.js';
import { ApprovalDesk } from '../src/runtime/approvals/desk.js';
import { ApprovalWaiters } from '../src/runtime/approvals/waiters.js';
import { LocalTurnRegistry } from '../src/runtime/turns/registry.js';
import { schema } from '../src/schema/index.js';
import { createLoaders } from '../src/store/loaders.js';
import { MemoryStore } from '../src/store/memory.js';

const ALICE: Viewer = { userId: 'alice', isAdmin: false };
const BOB: Viewer = { userId: 'bob', isAdmin: false };
const ROOT: Viewer = { userId: 'root', isAdmin: true };

let store: MemoryStore;
let audit: MemoryAuditLog;
let recorder: AuditRecorder;
let desk: ApprovalDesk;

function run(viewer: Viewer, source: string, variableValues: Record<string, unknown> = {}) {
  const services = { store, approvals: desk, auditRecorder: recorder };
  // Only the services these fields use; the rest of Services is not built here.
  const contextValue = { viewer, services, loaders: createLoaders(store) } as unknown as Context;
  return graphql({ schema, source, contextValue, variableValues }) as Promise<ExecutionResult>;
}

async function deniedResources(): Promise<string[]> {
  await recorder.flush();
  return [...audit.entries.values()]
    .filter((e) => e.action === 'ACCESS_DENIED')
    .map((e) => `${e.actor} ${e.resource}`);
}

function approval(id: string, expiresInMs = 60_000): ApprovalDoc {
  const now = Date.now();
  return {
    _id: id,
    sessionId: 's-alice',
    userId: 'alice',
    turnId: 't1',
    toolCallId: `call-${id}`,
    toolName: 'memory_store',
    toolArgs: { content: 'my cat is called Tom' },
    reason: 'memory_store requires approval',
    status: 'PENDING',
    requestedAt: new Date(now),
    expiresAt: new Date(now + expiresInMs),
    resolvedAt: null,
    resolvedBy: null,
    decisionReason: null,
  };
}

const RESOLVE = `mutation($id: ID!, $approve: Boolean!, $reason: String) {
  resolveToolApproval(id: $id, approve: $approve, reason: $reason) { id status resolvedBy decisionReason }
}`;
const STATUS = `query { session(id: "s-alice") { status pendingApprovals { id toolName } } }`;

beforeEach(async () => {
  store = new MemoryStore();
  audit = new MemoryAuditLog();
  recorder = new AuditRecorder(audit, pino({ level: 'silent' }));
  desk = new ApprovalDesk(store, new LocalTurnRegistry(), new ApprovalWaiters());
  await store.ensureSession({
    id: 's-alice',
    userId: 'alice',
    projectId: null,
    title: null,
    now: new Date(),
  });
});

/** Turn t1 runs in s-alice: it holds the session's lease, as a waiting turn does. */
async function runTurnT1(): Promise<void> {
  const until = new Date(Date.now() + 60_000);
  await store.acquireLease('s-alice', { turnId: 't1', owner: 'here', until }, new Date());
}

describe('tool approvals', () => {
  it('Session.status: IDLE, RUNNING, AWAITING_APPROVAL with a pending approval, RUNNING once decided', async () => {
    expect((await run(ALICE, STATUS)).data).toEqual({
      session: { status: 'IDLE', pendingApprovals: [] },
    });
    await runTurnT1();
    expect((await run(ALICE, STATUS)).data).toEqual({
      session: { status: 'RUNNING', pendingApprovals: [] },
    });
    await store.approvals.add(approval('a1'));
    expect((await run(ALICE, STATUS)).data).toEqual({
      session: {
        status: 'AWAITING_APPROVAL',
        pendingApprovals: [{ id: 'a1', toolName: 'memory_store' }],
      },
    });
    await run(ALICE, RESOLVE, { id: 'a1', approve: true });
    expect((await run(ALICE, STATUS)).data).toEqual({
      session: { status: 'RUNNING', pendingApprovals: [] },
    });
    const end = { usage: { inputTokens: 0, outputTokens: 0 }, nextSeq: 1, now: new Date() };
    await store.finishTurn('s-alice', 't1', end);
    expect((await run(ALICE, STATUS)).data).toEqual({
      session: { status: 'IDLE', pendingApprovals: [] },
    });
  });

  it('an approval whose turn no longer runs expires instead of being approved', async () => {
    await store.approvals.add(approval('a1'));
    const late = await run(ALICE, RESOLVE, { id: 'a1', approve: true });
    expect(late.errors?.[0]?.extensions).toMatchObject({
      code: 'ALREADY_RESOLVED',
      status: 'EXPIRED',
      resolvedBy: null,
      decisionReason: 'its turn was no longer running',
    });
    expect(await store.approvals.get('a1')).toMatchObject({ status: 'EXPIRED' });
  });

  it("the owner decides; a second decision is ALREADY_RESOLVED with the first one's", async () => {
    await runTurnT1();
    await store.approvals.add(approval('a1'));
    const first = await run(ALICE, RESOLVE, { id: 'a1', approve: false, reason: 'no' });
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({
      resolveToolApproval: {
        id: 'a1',
        status: 'REJECTED',
        resolvedBy: 'alice',
        decisionReason: 'no',
      },
    });
    const second = await run(ROOT, RESOLVE, { id: 'a1', approve: true });
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'ALREADY_RESOLVED',
      status: 'REJECTED',
      resolvedBy: 'alice',
      decisionReason: 'no',
    });
    expect(typeof second.errors?.[0]?.extensions.resolvedAt).toBe('string');
  });

  it("another user's approval reads as missing, and the attempts are audited", async () => {
    await store.approvals.add(approval('a1'));
    const read = await run(BOB, 'query { toolApproval(id: "a1") { id } }');
    expect(read.data).toEqual({ toolApproval: null });
    const decide = await run(BOB, RESOLVE, { id: 'a1', approve: true });
    const missing = await run(BOB, RESOLVE, { id: 'nope', approve: true });
    expect(decide.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(decide.errors?.[0]?.message).toBe(missing.errors?.[0]?.message.replace('nope', 'a1'));
    expect(await deniedResources()).toEqual(['user:bob approval:a1', 'user:bob approval:a1']);
    expect((await store.approvals.get('a1'))?.status).toBe('PENDING');
    const admin = await run(ROOT, 'query { toolApproval(id: "a1") { id status } }');
    expect(admin.data).toEqual({ toolApproval: { id: 'a1', status: 'PENDING' } });
  });

  it('a reason over 1000 characters is BAD_USER_INPUT and decides nothing', async () => {
    await store.approvals.add(approval('a1'));
    const result = await run(ALICE, RESOLVE, { id: 'a1', approve: true, reason: 'x'.repeat(1001) });
    expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await store.approvals.get('a1'))?.status).toBe('PENDING');
  });
});

describe('memories', () => {
  const LIST = `query($query: String, $first: Int, $after: String) {
    memories(query: $query, first: $first, after: $after) {
      totalCount edges { cursor node { id content } } pageInfo { hasNextPage }
    }
  }`;

  beforeEach(async () => {
    const memory = (id: string, userId: string, content: string, ms: number) =>
      store.memories.add({
        _id: id,
        userId,
        content,
        sessionId: 's-alice',
        turnId: 't1',
        createdAt: new Date(ms),
      });
    await memory('m1', 'alice', 'my cat is called Tom', 1000);
    await memory('m2', 'alice', 'the CAT likes fish', 2000);
    await memory('m3', 'alice', 'my dog is called Rex', 3000);
    await memory('m4', 'bob', 'my cat is called Felix', 4000);
  });

  it("lists the viewer's own, newest first, in pages, filtered by every word", async () => {
    const page1 = await run(ALICE, LIST, { first: 2 });
    const data = page1.data as { memories: { edges: { cursor: string; node: { id: string } }[] } };
    expect(data.memories.edges.map((e) => e.node.id)).toEqual(['m3', 'm2']);
    const page2 = await run(ALICE, LIST, { first: 2, after: data.memories.edges[1]?.cursor });
    expect(page2.data).toMatchObject({
      memories: {
        totalCount: 3,
        edges: [{ node: { id: 'm1' } }],
        pageInfo: { hasNextPage: false },
      },
    });
    const cats = await run(ALICE, LIST, { query: '  cat   MY ' });
    expect(cats.data).toMatchObject({
      memories: { totalCount: 1, edges: [{ node: { id: 'm1' } }] },
    });
    const long = await run(ALICE, LIST, { query: 'x'.repeat(501) });
    expect(long.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it("deletes the viewer's own; another user's looks missing", async () => {
    const DELETE = 'mutation($id: ID!) { deleteMemory(id: $id) }';
    const foreign = await run(BOB, DELETE, { id: 'm1' });
    const missing = await run(BOB, DELETE, { id: 'zz' });
    expect(foreign.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await run(ALICE, DELETE, { id: 'm1' })).data).toEqual({ deleteMemory: true });
    expect((await run(ALICE, LIST)).data).toMatchObject({ memories: { totalCount: 2 } });
    expect((await run(BOB, LIST)).data).toMatchObject({ memories: { totalCount: 1 } });
  });
});
