/** Store contract: queued-turn records (runtime/queued-turns.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { QueuedTurnDoc } from '../src/model/documents.js';
import type { Store } from '../src/store/store.js';
import { at, session } from './store.fixtures.js';

function queued(id: string, sessionId: string, minute: number, owner = 'a'): QueuedTurnDoc {
  return {
    _id: id,
    sessionId,
    userId: 'u1',
    owner,
    content: `message of ${id}`,
    at: at(minute),
    until: at(minute + 1),
  };
}

export function queuedTurnContract(get: () => Store): void {
  describe('queued turns', () => {
    let store: Store;
    beforeEach(async () => {
      store = get();
      await store.ensureSession(session('s1'));
      await store.ensureSession(session('s2'));
    });

    it('records turns and lists a session’s in arrival order', async () => {
      await store.queuedTurns.add(queued('t2', 's1', 2));
      await store.queuedTurns.add(queued('t1', 's1', 1, 'b'));
      await store.queuedTurns.add(queued('tb', 's1', 2));
      await store.queuedTurns.add(queued('x', 's2', 0));
      expect(await store.queuedTurns.of('s1')).toEqual([
        queued('t1', 's1', 1, 'b'),
        queued('t2', 's1', 2),
        queued('tb', 's1', 2),
      ]);
      expect(await store.queuedTurns.of('missing')).toEqual([]);
      // One record per turn.
      await expect(store.queuedTurns.add(queued('t1', 's1', 5))).rejects.toThrow();
      expect((await store.queuedTurns.of('s1'))[0]).toEqual(queued('t1', 's1', 1, 'b'));
    });

    it('removes a record once: only the first caller wins it', async () => {
      await store.queuedTurns.add(queued('t1', 's1', 1));
      const wins = await Promise.all([
        store.queuedTurns.remove('t1'),
        store.queuedTurns.remove('t1'),
      ]);
      expect(wins.sort()).toEqual([false, true]);
      expect(await store.queuedTurns.remove('never')).toBe(false);
      expect(await store.queuedTurns.of('s1')).toEqual([]);
    });

    it('marks a waiting turn cancelled (a missing one is no error)', async () => {
      await store.queuedTurns.add(queued('t1', 's1', 1));
      await store.queuedTurns.add(queued('t2', 's1', 2));
      await store.queuedTurns.markCancelled('t1');
      await store.queuedTurns.markCancelled('never');
      const records = await store.queuedTurns.of('s1');
      expect(records.map((r) => [r._id, r.cancelled ?? false])).toEqual([
        ['t1', true],
        ['t2', false],
      ]);
    });

    it('renews the listed records and finds sessions with expired ones', async () => {
      await store.queuedTurns.add(queued('t1', 's1', 1)); // until at(2)
      await store.queuedTurns.add(queued('t2', 's1', 1));
      await store.queuedTurns.add(queued('t3', 's2', 1));
      expect(await store.queuedTurns.findExpired(at(1), 10)).toEqual([]);
      expect((await store.queuedTurns.findExpired(at(2), 10)).sort()).toEqual(['s1', 's2']);
      expect(await store.queuedTurns.findExpired(at(2), 1)).toHaveLength(1);

      await store.queuedTurns.renew(['t1', 't2', 'gone'], at(10));
      await store.queuedTurns.renew([], at(99));
      expect(await store.queuedTurns.findExpired(at(5), 10)).toEqual(['s2']);
      const [t1] = await store.queuedTurns.of('s1');
      expect(t1!.until).toEqual(at(10));
      expect(t1!.until).toBeInstanceOf(Date);
    });

    it('goes with its session', async () => {
      await store.queuedTurns.add(queued('t1', 's1', 1));
      await store.queuedTurns.add(queued('t2', 's2', 1));
      await store.deleteSession('s1');
      expect(await store.queuedTurns.of('s1')).toEqual([]);
      expect(await store.queuedTurns.of('s2')).toHaveLength(1);
    });
  });
}
