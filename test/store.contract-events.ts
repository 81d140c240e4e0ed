/** Store contract: the event log, deleting and pruning sessions with what they own. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PruneRules, Store } from '../src/store/store.js';
import { at, message, session, tokenEvent, toolCall } from './store.fixtures.js';

export function eventContract(get: () => Store): void {
  describe('event log', () => {
    it('appends batches and reads them back in order after a seq', async () => {
      const store = get();
      await store.appendEvents([tokenEvent('s1', 1), tokenEvent('s1', 2), tokenEvent('s1', 3)]);
      await store.appendEvents([tokenEvent('s1', 4), tokenEvent('s2', 1)]);
      await store.appendEvents([]);
      expect(await store.readEvents('s1', 0, 100)).toEqual(
        [1, 2, 3, 4].map((s) => tokenEvent('s1', s)),
      );
      expect((await store.readEvents('s1', 1, 2)).map((e) => e.seq)).toEqual([2, 3]);
      expect(await store.readEvents('s1', 4, 10)).toEqual([]);
      expect(await store.readEvents('s1', 0, 0)).toEqual([]);
      const [first] = await store.readEvents('s2', 0, 10);
      expect(first).toEqual(tokenEvent('s2', 1));
      expect(first).not.toHaveProperty('_id');
      expect(first!.at).toBeInstanceOf(Date);
      expect(await store.lastEventSeq('s1')).toBe(4);
      expect(await store.lastEventSeq('none')).toBe(0);
    });

    it('keeps structured event bodies intact', async () => {
      const done = {
        type: 'done' as const,
        status: 'COMPLETED' as const,
        reply: '14',
        error: null,
        phase: null,
        projectTag: null,
        seedId: null,
        evaluationPassed: null,
        durationMs: 5,
        toolCalls: [{ ...toolCall('s1', 't1', 1), startedAt: at(1) }],
        seq: 1,
        sessionId: 's1',
        turnId: 't1',
        at: at(1),
      };
      await get().appendEvents([done]);
      expect(await get().readEvents('s1', 0, 10)).toEqual([done]);
    });

    it('rejects a second event with the same (sessionId, seq)', async () => {
      const store = get();
      await store.appendEvents([tokenEvent('s1', 1)]);
      await expect(store.appendEvents([tokenEvent('s1', 1, at(50))])).rejects.toThrow();
      await expect(
        store.appendEvents([tokenEvent('s1', 2), tokenEvent('s1', 2)]),
      ).rejects.toThrow();
      // Ordered, like insertMany: the events before the duplicate are stored.
      expect((await store.readEvents('s1', 0, 10)).map((e) => [e.seq, e.at])).toEqual([
        [1, at(1)],
        [2, at(2)],
      ]);
    });

    it('prunes events older than a date', async () => {
      const store = get();
      await store.appendEvents([1, 2, 3, 4].map((s) => tokenEvent('s1', s)));
      await store.appendEvents([tokenEvent('s2', 1, at(10))]);
      expect(await store.pruneEvents(at(3))).toBe(2);
      expect((await store.readEvents('s1', 0, 10)).map((e) => e.seq)).toEqual([3, 4]);
      expect(await store.readEvents('s2', 0, 10)).toHaveLength(1);
      expect(await store.pruneEvents(at(3))).toBe(0);
    });
  });

  describe('removing sessions', () => {
    /** A session with one message, one tool call and one event; its updatedAt is `minutes`. */
    async function seed(id: string, minutes: number): Promise<void> {
      const store = get();
      await store.ensureSession(session(id, { now: at(0) }));
      await store.appendMessage(message(id, 't', 'hello', at(minutes)));
      await store.insertToolCalls([toolCall(id, `${id}-t`, 1)]);
      await store.appendEvents([tokenEvent(id, 1)]);
    }
    async function owned(id: string) {
      const store = get();
      return {
        session: await store.getSession(id),
        messages: await store.messages.list(id, { limit: 10 }),
        toolCalls: await store.toolCalls.list(id, { limit: 10 }),
        ofTurn: await store.toolCallsOfTurns([`${id}-t`]),
        events: await store.readEvents(id, 0, 10),
        lastEventSeq: await store.lastEventSeq(id),
        counts: [await store.messages.count(id), await store.toolCalls.count(id)],
      };
    }
    const gone = {
      session: null,
      messages: [],
      toolCalls: [],
      ofTurn: [],
      events: [],
      lastEventSeq: 0,
      counts: [0, 0],
    };
    /** The ids pruneSessions removed, in the order it reports them. */
    const prunedIds = async (rules: PruneRules) =>
      (await get().pruneSessions(rules)).map((removed) => removed.id);
    const remaining = async () =>
      (await get().listSessions({ userId: 'u1' }, { limit: 50 })).map((s) => s._id);

    it('deletes a session with its messages, tool calls and events', async () => {
      await seed('s1', 1);
      await seed('s2', 2);
      expect(await get().deleteSession('s1')).toBe(true);
      expect(await owned('s1')).toEqual(gone);
      expect(await get().deleteSession('s1')).toBe(false);
      expect((await owned('s2')).counts).toEqual([1, 1]);
      expect(await remaining()).toEqual(['s2']);
    });

    describe('pruning', () => {
      beforeEach(async () => {
        // updatedAt, in hours after the base time: old 1, mid 10, new 20 and newest 30.
        for (const [id, hours] of [
          ['old', 1],
          ['mid', 10],
          ['new', 20],
          ['newest', 30],
        ] as const) {
          await seed(id, hours * 60);
        }
      });

      it('drops sessions idle longer than the TTL, with everything they own', async () => {
        const removed = await prunedIds({
          ttlHours: 15,
          maxSessions: 0,
          now: at(26 * 60),
        });
        expect(removed.sort()).toEqual(['mid', 'old']);
        expect(await owned('old')).toEqual(gone);
        expect(await owned('mid')).toEqual(gone);
        expect(await remaining()).toEqual(['newest', 'new']);
      });

      it('keeps only the newest maxSessions', async () => {
        const removed = await prunedIds({ ttlHours: 0, maxSessions: 3, now: at(0) });
        expect(removed).toEqual(['old']);
        expect(await owned('old')).toEqual(gone);
        expect(await remaining()).toEqual(['newest', 'new', 'mid']);
      });

      it('applies the TTL rule, then the max rule', async () => {
        // TTL (cutoff at hour 2) takes old; then the max rule keeps newest and new.
        const removed = await prunedIds({
          ttlHours: 24,
          maxSessions: 2,
          now: at(26 * 60),
        });
        expect(removed).toEqual(['old', 'mid']);
        const again = await prunedIds({ ttlHours: 20, maxSessions: 1, now: at(26 * 60) });
        expect(again).toEqual(['new']);
        expect(await remaining()).toEqual(['newest']);
      });

      it('does nothing with both rules at 0', async () => {
        expect(await prunedIds({ ttlHours: 0, maxSessions: 0, now: at(10_000 * 60) })).toEqual([]);
        expect(await remaining()).toHaveLength(4);
      });
    });
  });
}
