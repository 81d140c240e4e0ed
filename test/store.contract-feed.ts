/** Store contract: the viewer feed's log (sessionUpdates): gapless positions, reads, pruning. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewSessionUpdate, SessionUpdateDoc } from '../src/model/feed.js';
import type { Store } from '../src/store/store.js';
import { at } from './store.fixtures.js';

function update(userId: string, sessionId: string, minute: number): NewSessionUpdate {
  return { userId, sessionId, change: 'UPDATED', at: at(minute), session: null, status: 'IDLE' };
}

const positions = (docs: SessionUpdateDoc[]) => docs.map((d) => [d._id, d.userSeq, d.userId]);

export function feedContract(get: () => Store): void {
  describe('sessionUpdates', () => {
    let store: Store;
    beforeEach(() => {
      store = get();
    });

    it('numbers updates gaplessly, globally and per user, and reads them in either order', async () => {
      expect(await store.sessionUpdates.head({ allUsers: true })).toBe(0);
      await store.sessionUpdates.append(update('alice', 's1', 1));
      await store.sessionUpdates.append(update('bob', 's2', 2));
      const third = await store.sessionUpdates.append(update('alice', 's1', 3));
      expect(third).toMatchObject({ _id: 3, userSeq: 2, userId: 'alice', at: at(3) });

      const feed = store.sessionUpdates;
      expect(positions(await feed.after({ allUsers: true }, 0, 10))).toEqual([
        [1, 1, 'alice'],
        [2, 1, 'bob'],
        [3, 2, 'alice'],
      ]);
      expect(positions(await feed.after({ userId: 'alice' }, 1, 10))).toEqual([[3, 2, 'alice']]);
      expect(positions(await feed.after({ allUsers: true }, 1, 1))).toEqual([[2, 1, 'bob']]);
      expect(await feed.after({ userId: 'alice' }, 0, 0)).toEqual([]);
      expect(await feed.head({ userId: 'alice' })).toBe(2);
      expect(await feed.head({ userId: 'carol' })).toBe(0);
      expect((await feed.at({ userId: 'bob' }, 1))?.sessionId).toBe('s2');
      expect(await feed.at({ userId: 'bob' }, 2)).toBeNull();
      expect((await feed.at({ allUsers: true }, 3))?.userSeq).toBe(2);
    });

    it('never stamps an update earlier than the one before it (pruning by age leaves no hole)', async () => {
      await store.sessionUpdates.append(update('alice', 's1', 5));
      const late = await store.sessionUpdates.append(update('bob', 's2', 4)); // a slower clock
      expect(late.at).toEqual(at(5));
    });

    it('keeps the session snapshot and status as given', async () => {
      const session = (
        await store.ensureSession({
          id: 's1',
          userId: 'alice',
          projectId: null,
          title: 'hello',
          now: at(0),
        })
      ).session;
      const stored = await store.sessionUpdates.append({
        ...update('alice', 's1', 1),
        change: 'CREATED',
        session,
        status: 'RUNNING',
      });
      const [read] = await store.sessionUpdates.after({ userId: 'alice' }, 0, 1);
      expect(read).toEqual(stored);
      expect(read!.session).toEqual(session);
    });

    it('hands out every position once under concurrent appends', async () => {
      const users = ['alice', 'bob', 'carol'];
      const appended = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          store.sessionUpdates.append(update(users[i % 3]!, `s${i}`, i)),
        ),
      );
      expect(appended.map((u) => u._id).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      for (const userId of users) {
        const own = await store.sessionUpdates.after({ userId }, 0, 100);
        expect(own.map((u) => u.userSeq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      }
    });

    it('prunes updates older than a date', async () => {
      for (let minute = 1; minute <= 4; minute++) {
        await store.sessionUpdates.append(update('alice', 's1', minute));
      }
      expect(await store.sessionUpdates.prune(at(3))).toBe(2);
      const left = await store.sessionUpdates.after({ userId: 'alice' }, 0, 10);
      expect(left.map((u) => u.userSeq)).toEqual([3, 4]);
      expect(await store.sessionUpdates.at({ userId: 'alice' }, 1)).toBeNull();
    });

    it("keeps each user's newest update and the newest of all, so positions never start over", async () => {
      await store.sessionUpdates.append(update('bob', 's2', 1));
      await store.sessionUpdates.append(update('alice', 's1', 2));
      await store.sessionUpdates.append(update('alice', 's1', 3));
      await store.sessionUpdates.append(update('bob', 's2', 4));
      expect(await store.sessionUpdates.prune(at(60))).toBe(2);
      const left = await store.sessionUpdates.after({ allUsers: true }, 0, 10);
      expect(positions(left)).toEqual([
        [3, 2, 'alice'],
        [4, 2, 'bob'],
      ]);
      const next = await store.sessionUpdates.append(update('alice', 's1', 61));
      expect([next._id, next.userSeq]).toEqual([5, 3]);
    });
  });
}
