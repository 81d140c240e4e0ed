/**
 * Approvals across instances sharing one FerretDB database and one Redis: a decision
 * taken on B reaches the turn waiting on A (over Redis, not only by A's polling), two
 * decisions racing on A and B have exactly one winner, and a killed instance's waiting
 * turn is closed FAILED by the survivor with its approval EXPIRED.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  approvalRequestOf,
  codeOf,
  isA,
  RESOLVE,
  SESSION_STATE,
  startTurn,
  TOOL_APPROVAL,
  watchEvents,
} from './support/approvals.js';
import { type ChildServer, startChildServer } from './support/child-server.js';
import { useTestDatabase } from './support/mongo.js';
import { redisUrl } from './support/redis.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';

let env: Record<string, string>;
let drop: () => Promise<void>;
const children: ChildServer[] = [];
beforeAll(async () => {
  const db = await useTestDatabase('approvals_multi');
  drop = db.drop;
  env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, REDIS_URL: await redisUrl() };
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) {
      process.kill(child.process.pid!, 'SIGKILL');
      await child.exited;
    }
  }
  await disposeAll();
});
afterAll(() => drop());

/** Starts `remember <text>` on `runner` and waits, on `watcher`'s stream, for its request. */
async function waitingTurn(runnerUrl: string, watcher: TestServer, text: string) {
  const sessionId = randomUUID();
  const stream = watchEvents(watcher.wsClient(), sessionId);
  const turnId = await startTurn(runnerUrl, sessionId, `remember ${text}`);
  const request = await approvalRequestOf(stream, turnId);
  return { sessionId, turnId, stream, approvalId: request.approvalId as string };
}

it('a turn waiting on A is approved on B and completes on A', async () => {
  // A checks the database for a decision only every minute: only B's notice over Redis
  // (the cancel path) can wake it within this test's time.
  const a = await startServer({ ...env, TOOL_APPROVAL_POLL_MS: '60000' });
  const b = await startServer(env);
  const { sessionId, turnId, stream, approvalId } = await waitingTurn(a.url, a, 'my cat is Tom');
  const onB = await b.gql<any>(SESSION_STATE, { id: sessionId });
  expect(onB.data!.session).toMatchObject({
    status: 'AWAITING_APPROVAL',
    pendingApprovals: [{ id: approvalId, turnId }],
  });

  const resolved = await b.gql<any>(RESOLVE, { id: approvalId, approve: true });
  expect(resolved.data!.resolveToolApproval).toMatchObject({ status: 'APPROVED' });
  await stream.next(isA('ToolApprovalResolvedEvent'), 'resolved event');

  const done = await stream.done(turnId);
  expect(done).toMatchObject({ status: 'COMPLETED', reply: 'I will remember: my cat is Tom' });
  expect(stream.events.find(isA('MemoryEvent'))).toMatchObject({ action: 'STORE', count: 1 });
});

it('two racing resolveToolApproval calls on A and B: exactly one wins, the other is ALREADY_RESOLVED', async () => {
  const a = await startServer(env);
  const b = await startServer(env);
  for (const round of [1, 2, 3]) {
    const { turnId, stream, approvalId } = await waitingTurn(a.url, a, `fact number ${round}`);
    const [onA, onB] = await Promise.all([
      a.gql<any>(RESOLVE, { id: approvalId, approve: true }),
      b.gql<any>(RESOLVE, { id: approvalId, approve: false }),
    ]);
    const winners = [onA, onB].filter((r) => !r.errors);
    const losers = [onA, onB].filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map(codeOf)).toEqual(['ALREADY_RESOLVED']);
    const decision = winners[0]!.data!.resolveToolApproval.status as string;
    expect(decision).toBe(onA === winners[0] ? 'APPROVED' : 'REJECTED');
    // The loser is told the decision that stands.
    expect(losers[0]!.errors![0]!.extensions).toMatchObject({ status: decision });

    await stream.done(turnId);
    const announced = stream.events.filter(isA('ToolApprovalResolvedEvent'));
    expect(announced).toMatchObject([{ approvalId, decision }]);
    const stored = await b.gql<any>(TOOL_APPROVAL, { id: approvalId });
    expect(stored.data!.toolApproval.status).toBe(decision);
  }
});

it('SIGKILL of the instance whose turn waits: the survivor ends the turn FAILED and the approval EXPIRED', async () => {
  const leaseEnv = { ...env, TURN_LEASE_MS: '1000' };
  const child = await startChildServer({ ...leaseEnv, LOCAL_AGENT_TOKEN_DELAY_MS: '0' });
  children.push(child);
  const survivor = await startServer(leaseEnv);
  const { sessionId, turnId, stream, approvalId } = await waitingTurn(
    child.url,
    survivor,
    'my cat is Tom',
  );

  // A long wait is not a crash: the child keeps renewing its lease past the first one.
  const { store } = survivor.app.services;
  const firstUntil = (await store.getSession(sessionId))!.lease!.until.getTime();
  await expect
    .poll(async () => (await store.getSession(sessionId))?.lease?.until.getTime() ?? 0, {
      timeout: 5000,
    })
    .toBeGreaterThan(firstUntil + 1000);
  expect(stream.events.some(isA('DoneEvent'))).toBe(false);

  process.kill(child.process.pid!, 'SIGKILL');
  await child.exited;
  const done = await stream.done(turnId);
  expect(done).toMatchObject({ status: 'FAILED', error: 'interrupted' });
  await expect
    .poll(
      async () => (await survivor.gql<any>(TOOL_APPROVAL, { id: approvalId })).data!.toolApproval,
      { timeout: 5000 },
    )
    .toMatchObject({ status: 'EXPIRED', resolvedBy: null });
  const state = await survivor.gql<any>(SESSION_STATE, { id: sessionId });
  expect(state.data!.session).toMatchObject({ status: 'IDLE', pendingApprovals: [] });
  // Nothing was stored for the call that never ran.
  expect(stream.events.some(isA('ToolStartEvent'))).toBe(false);
});
