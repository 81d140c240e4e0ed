/**
 * The Store contract: both implementations run exactly these tests, so the in-memory
 * store is a faithful stand-in for MongoDB. Each test gets a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.js';
import { approvalContract } from './store.contract-approvals.js';
import { batchContract } from './store.contract-batch.js';
import { eventContract } from './store.contract-events.js';
import { feedContract } from './store.contract-feed.js';
import { leaseContract } from './store.contract-leases.js';
import { memoryContract } from './store.contract-memories.js';
import { pagingContract } from './store.contract-paging.js';
import { perUserPruneContract } from './store.contract-prune.js';
import { queuedTurnContract } from './store.contract-queued.js';
import { treeContract } from './store.contract-tree.js';
import { at, message, session, toolCall } from './store.fixtures.js';

export type MakeStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

export function storeContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const get = () => store;
    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('pings, and init() may run again (every start after the first)', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.init();
      await store.ensureSession(session('s1'));
      await store.init();
      expect(await store.getSession('s1')).not.toBeNull();
    });

    it('creates a session once, under the id the client chose', async () => {
      const first = await store.ensureSession(session('s1', { metadata: { from: 'test' } }));
      expect(first.created).toBe(true);
      expect(first.session).toEqual({
        _id: 's1',
        userId: 'u1',
        projectId: null,
        title: 'first title',
        titleLocked: false,
        createdAt: at(0),
        updatedAt: at(0),
        messageCount: 0,
        usage: { inputTokens: 0, outputTokens: 0 },
        metadata: { from: 'test' },
        nextSeq: 1,
        lease: null,
        incarnation: expect.any(String),
      });
      const again = await store.ensureSession(
        session('s1', { userId: 'u2', title: 'other', projectId: 'p', now: at(5) }),
      );
      expect(again).toEqual({ created: false, session: first.session });
      expect(await store.getSession('s1')).toEqual(first.session);
      expect(await store.getSession('missing')).toBeNull();
    });

    it('gives a session created again under a deleted id a new incarnation', async () => {
      const first = await store.ensureSession(session('s1'));
      expect(await store.deleteSession('s1')).toBe(true);
      const again = await store.ensureSession(session('s1', { userId: 'u2' }));
      expect(again.created).toBe(true);
      expect(again.session.incarnation).toEqual(expect.any(String));
      expect(again.session.incarnation).not.toBe(first.session.incarnation);
    });

    it('creates a session exactly once when ensured concurrently', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.ensureSession(session('s1', { title: `t${i}` })),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const winner = results.find((r) => r.created)!.session;
      for (const r of results) expect(r.session).toEqual(winner);
    });

    it('hands out sessions whose change never reaches the stored one', async () => {
      // MongoDB hands out copies; the memory store frozen documents, whose writes throw.
      const attempt = (write: () => void) => {
        try {
          write();
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      };
      const { session: created } = await store.ensureSession(session('s1'));
      attempt(() => {
        created.title = 'changed';
      });
      attempt(() => {
        created.usage.inputTokens = 99;
      });
      const read = (await store.getSession('s1'))!;
      expect(read).toMatchObject({ title: 'first title', usage: { inputTokens: 0 } });
      attempt(() => read.updatedAt.setTime(0));
      expect((await store.getSession('s1'))!.updatedAt).toEqual(at(0));
    });

    it('reads several sessions at once, leaving out missing ids', async () => {
      await store.ensureSession(session('a'));
      await store.ensureSession(session('b'));
      const found = await store.getSessions(['b', 'missing', 'a']);
      expect(found.map((s) => s._id).sort()).toEqual(['a', 'b']);
      expect(await store.getSessions([])).toEqual([]);
    });

    it('appends messages at seq 1, 2, 3 and bumps messageCount and updatedAt', async () => {
      await store.ensureSession(session('s1'));
      const stored = [];
      for (const [i, content] of ['one', 'two', 'three'].entries()) {
        stored.push(await store.appendMessage(message('s1', 't1', content, at(i + 1))));
      }
      expect(stored.map((m) => m.seq)).toEqual([1, 2, 3]);
      expect(stored[2]).toMatchObject({
        sessionId: 's1',
        turnId: 't1',
        content: 'three',
        role: 'USER',
      });
      expect(await store.getSession('s1')).toMatchObject({ messageCount: 3, updatedAt: at(3) });
      expect(await store.messages.count('s1')).toBe(3);
      const listed = await store.messages.list('s1', { limit: 10 });
      expect(listed).toEqual(stored);
      expect(listed[0]!.createdAt).toBeInstanceOf(Date);
    });

    it('refuses a message for a session that does not exist', async () => {
      await expect(store.appendMessage(message('nope', 't1', 'hi', at(1)))).rejects.toThrow(/nope/);
      expect(await store.messages.count('nope')).toBe(0);
    });

    it('gives 20 concurrent appends the distinct seqs 1..20', async () => {
      await store.ensureSession(session('s1'));
      const stored = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.appendMessage(message('s1', `t${i}`, `m${i}`, at(1))),
        ),
      );
      expect(stored.map((m) => m.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect((await store.getSession('s1'))!.messageCount).toBe(20);
      const listed = await store.messages.list('s1', { limit: 100 });
      expect(listed.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('stores tool calls and lists them in seq order, also by turn', async () => {
      await store.ensureSession(session('s1'));
      await store.ensureSession(session('s2'));
      await store.insertToolCalls([toolCall('s1', 't2', 7), toolCall('s1', 't1', 3)]);
      await store.insertToolCalls([toolCall('s1', 't1', 5), toolCall('s2', 't9', 1)]);
      await store.insertToolCalls([]);
      const listed = await store.toolCalls.list('s1', { limit: 10 });
      expect(listed.map((c) => [c.turnId, c.seq])).toEqual([
        ['t1', 3],
        ['t1', 5],
        ['t2', 7],
      ]);
      expect(listed[0]).toEqual(toolCall('s1', 't1', 3));
      expect(await store.toolCalls.list('s1', { after: 3, limit: 1 })).toEqual([
        toolCall('s1', 't1', 5),
      ]);
      expect(
        (await store.toolCalls.list('s1', { limit: 2, fromEnd: true })).map((c) => c.seq),
      ).toEqual([7, 5]);
      expect(await store.toolCalls.count('s1')).toBe(3);
      const ofTurns = await store.toolCallsOfTurns(['t2', 't1', 'unknown']);
      expect(ofTurns.map((c) => c.seq)).toEqual([3, 5, 7]);
      expect(await store.toolCallsOfTurns([])).toEqual([]);
    });

    it('renames a session and locks its title', async () => {
      await store.ensureSession(session('s1'));
      const renamed = await store.renameSession('s1', 'My chat', at(9));
      expect(renamed).toMatchObject({
        _id: 's1',
        title: 'My chat',
        titleLocked: true,
        updatedAt: at(9),
      });
      expect(await store.getSession('s1')).toEqual(renamed);
      expect(await store.renameSession('missing', 'x', at(9))).toBeNull();
    });

    leaseContract(get);
    pagingContract(get);
    eventContract(get);
    queuedTurnContract(get);
    approvalContract(get);
    memoryContract(get);
    feedContract(get);
    treeContract(get);
    perUserPruneContract(get);
    batchContract(get);
  });
}
