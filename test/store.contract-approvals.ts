/** Store contract: approvals of tool calls and their one decision (runtime/approvals/). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalDoc } from '../src/model/documents.js';
import { MongoStore } from '../src/store/mongo.js';
import type { Store } from '../src/store/store.js';
import { at, session } from './store.fixtures.js';
import { testMongoUri } from './support/mongo.js';

export function approval(
  id: string,
  sessionId: string,
  turnId: string,
  minute: number,
  toolCallId = `call-${id}`,
): ApprovalDoc {
  return {
    _id: id,
    sessionId,
    userId: 'u1',
    turnId,
    toolCallId,
    toolName: 'delete_file',
    toolArgs: { path: `/tmp/${id}`, nested: [1, { deep: null }] },
    reason: 'destructive tool',
    status: 'PENDING',
    requestedAt: at(minute),
    expiresAt: at(minute + 10),
    resolvedAt: null,
    resolvedBy: null,
    decisionReason: null,
  };
}

function decision(by: string, minute = 3): ApprovalDecision {
  return { status: 'APPROVED', resolvedAt: at(minute), resolvedBy: by, decisionReason: `ok ${by}` };
}

/** A second store on the same data: a second MongoStore (its own client), or the same in memory. */
async function twinOf(store: Store): Promise<{ twin: Store; close(): Promise<void> }> {
  if (!(store instanceof MongoStore)) return { twin: store, close: async () => {} };
  const twin = await MongoStore.connect({ uri: testMongoUri(), dbName: store.db.databaseName });
  return { twin, close: () => twin.close() };
}

export function approvalContract(get: () => Store): void {
  describe('approvals', () => {
    let store: Store;
    beforeEach(async () => {
      store = get();
      await store.ensureSession(session('s1'));
      await store.ensureSession(session('s2'));
    });

    it('records an approval once per (turnId, toolCallId) and hands out copies', async () => {
      await store.approvals.add(approval('a1', 's1', 't1', 1));
      const read = (await store.approvals.get('a1'))!;
      expect(read).toEqual(approval('a1', 's1', 't1', 1));
      expect(read.requestedAt).toBeInstanceOf(Date);
      (read.toolArgs as { path: string }).path = 'changed';
      expect(await store.approvals.get('a1')).toEqual(approval('a1', 's1', 't1', 1));
      await expect(store.approvals.add(approval('a2', 's1', 't1', 2, 'call-a1'))).rejects.toThrow();
      expect(await store.approvals.get('a2')).toBeNull();
      // Another tool call of the turn, or the same call id in another turn, is another approval.
      await store.approvals.add(approval('a3', 's1', 't1', 2));
      await store.approvals.add(approval('a4', 's1', 't2', 2, 'call-a1'));
      expect(await store.approvals.get('missing')).toBeNull();
    });

    it('takes the first decision only; later callers get it with won: false', async () => {
      await store.approvals.add(approval('a1', 's1', 't1', 1));
      expect(await store.approvals.decisionOf('a1')).toBeNull();
      const first = await store.approvals.decide('a1', decision('owner'));
      const decided = { ...approval('a1', 's1', 't1', 1), ...decision('owner') };
      expect(first).toEqual({ approval: decided, won: true });
      const rejected: ApprovalDecision = { ...decision('admin', 4), status: 'REJECTED' };
      expect(await store.approvals.decide('a1', rejected)).toEqual({
        approval: decided,
        won: false,
      });
      expect(await store.approvals.decisionOf('a1')).toEqual(decision('owner'));
      expect(await store.approvals.get('a1')).toEqual(decided);
      expect(await store.approvals.decide('missing', decision('owner'))).toBeNull();
      expect(await store.approvals.decisionOf('missing')).toBeNull();
    });

    it('has exactly one winner among 10 concurrent decide() calls', async () => {
      await store.approvals.add(approval('a1', 's1', 't1', 1));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.approvals.decide('a1', decision(`u${i}`))),
      );
      const winners = results.filter((r) => r!.won);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.approval;
      for (const r of results) expect(r!.approval).toEqual(winner);
      expect(await store.approvals.decisionOf('a1')).toEqual(decision(winner.resolvedBy!));
    });

    it('has exactly one winner when two stores (two connections) race', async () => {
      const { twin, close } = await twinOf(store);
      try {
        await store.approvals.add(approval('a1', 's1', 't1', 1));
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? twin : store).approvals.decide('a1', decision(`u${i}`)),
          ),
        );
        expect(results.filter((r) => r!.won)).toHaveLength(1);
        const winner = results.find((r) => r!.won)!.approval;
        for (const r of results) expect(r!.approval).toEqual(winner);
        expect(await twin.approvals.get('a1')).toEqual(winner);
      } finally {
        await close();
      }
    });

    it('repairs an approval whose winner stored the decision but died before copying it', async (ctx) => {
      // Only MongoDB writes a decision in two steps; in memory there is no half-taken state.
      if (!(store instanceof MongoStore)) return ctx.skip();
      await store.approvals.add(approval('a1', 's1', 't1', 1));
      const decisions = store.db.collection('approvalDecisions');
      await decisions.insertOne({ _id: 'a1', sessionId: 's1', ...decision('dead') } as never);
      expect(await store.approvals.decisionOf('a1')).toEqual(decision('dead'));
      expect((await store.approvals.pendingOfTurn('t1')).map((a) => a._id)).toEqual(['a1']);
      const late = await store.approvals.decide('a1', decision('late'));
      const repaired = { ...approval('a1', 's1', 't1', 1), ...decision('dead') };
      expect(late).toEqual({ approval: repaired, won: false });
      expect(await store.approvals.get('a1')).toEqual(repaired);
      expect(await store.approvals.pendingOfTurn('t1')).toEqual([]);
    });

    it('lists pending approvals of sessions and of a turn, oldest first', async () => {
      await store.approvals.add(approval('b', 's1', 't1', 2));
      await store.approvals.add(approval('a', 's1', 't1', 2));
      await store.approvals.add(approval('c', 's1', 't1', 1));
      await store.approvals.add(approval('d', 's2', 't2', 0));
      await store.approvals.add(approval('e', 's2', 't2', 5));
      await store.approvals.decide('e', decision('owner'));
      const ids = (docs: ApprovalDoc[]) => docs.map((a) => a._id);
      expect(ids(await store.approvals.pendingOfSessions(['s1']))).toEqual(['c', 'a', 'b']);
      expect(ids(await store.approvals.pendingOfSessions(['s2', 's1', 'none']))).toEqual([
        'd',
        'c',
        'a',
        'b',
      ]);
      expect(await store.approvals.pendingOfSessions([])).toEqual([]);
      expect(ids(await store.approvals.pendingOfTurn('t2'))).toEqual(['d']);
      expect(await store.approvals.pendingOfTurn('t2')).toEqual([approval('d', 's2', 't2', 0)]);
      await store.approvals.decide('a', {
        ...decision('', 6),
        status: 'EXPIRED',
        resolvedBy: null,
      });
      expect(ids(await store.approvals.pendingOfTurn('t1'))).toEqual(['c', 'b']);
      expect(await store.approvals.pendingOfTurn('none')).toEqual([]);
    });

    it('goes with its session (delete and prune); the user’s memories stay', async () => {
      await store.approvals.add(approval('a1', 's1', 't1', 1));
      await store.approvals.add(approval('a2', 's1', 't1', 2));
      await store.approvals.add(approval('b1', 's2', 't2', 1));
      await store.approvals.decide('a1', decision('owner'));
      await store.memories.add({
        _id: 'm1',
        userId: 'u1',
        content: 'likes tea',
        sessionId: 's1',
        turnId: 't1',
        createdAt: at(1),
      });
      expect(await store.deleteSession('s1')).toBe(true);
      expect(await store.approvals.get('a1')).toBeNull();
      expect(await store.approvals.decisionOf('a1')).toBeNull();
      expect(await store.approvals.pendingOfSessions(['s1'])).toEqual([]);
      expect(await store.approvals.get('b1')).not.toBeNull();
      expect(await store.memories.count({ userId: 'u1', words: [] })).toBe(1);
      // A session made again under the id starts without the old decision.
      await store.ensureSession(session('s1'));
      await store.approvals.add(approval('a1', 's1', 't1', 1));
      expect((await store.approvals.decide('a1', decision('new')))!.won).toBe(true);

      await store.approvals.decide('b1', decision('owner'));
      const pruned = await store.pruneSessions({ ttlHours: 1, maxSessions: 0, now: at(600) });
      expect(pruned.map((r) => r.id)).toEqual(expect.arrayContaining(['s1', 's2']));
      expect(await store.approvals.get('b1')).toBeNull();
      expect(await store.approvals.decisionOf('b1')).toBeNull();
      expect(await store.approvals.decisionOf('a1')).toBeNull();
      expect(await store.memories.count({ userId: 'u1', words: [] })).toBe(1);
    });

    it('finds overdue pending approvals: deadline before the given time, undecided, bounded', async () => {
      await store.approvals.add(approval('a1', 's1', 't1', 1)); // expires at minute 11
      await store.approvals.add(approval('a2', 's1', 't2', 2)); // minute 12
      await store.approvals.add(approval('a3', 's2', 't3', 30)); // minute 40
      await store.approvals.add(approval('a4', 's2', 't4', 3)); // minute 13, decided
      await store.approvals.decide('a4', decision('alice'));
      const ids = async (before: Date, limit = 10) =>
        (await store.approvals.overdue(before, limit)).map((a) => a._id).sort();
      expect(await ids(at(12))).toEqual(['a1']);
      expect(await ids(at(20))).toEqual(['a1', 'a2']);
      expect(await ids(at(20), 1)).toHaveLength(1);
      expect(await ids(at(5))).toEqual([]);
    });
  });
}
