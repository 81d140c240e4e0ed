/** Store contract: session leases and finishing turns. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.js';
import { at, session } from './store.fixtures.js';

export function leaseContract(get: () => Store): void {
  describe('leases and turns', () => {
    let store: Store;
    beforeEach(async () => {
      store = get();
      await store.ensureSession(session('s1'));
    });

    it('takes a free lease, refuses a held one and takes over an expired one', async () => {
      const lease1 = { turnId: 't1', owner: 'a', until: at(10) };
      const before = await store.acquireLease('s1', lease1, at(1));
      expect(before).toMatchObject({ _id: 's1', lease: null });
      expect((await store.getSession('s1'))!.lease).toEqual(lease1);

      expect(
        await store.acquireLease('s1', { turnId: 't2', owner: 'b', until: at(20) }, at(9)),
      ).toBeNull();
      expect((await store.getSession('s1'))!.lease).toEqual(lease1);

      const lease2 = { turnId: 't2', owner: 'b', until: at(30) };
      const taken = await store.acquireLease('s1', lease2, at(10));
      expect(taken!.lease).toEqual(lease1);
      expect(taken!.lease!.until).toBeInstanceOf(Date);
      expect((await store.getSession('s1'))!.lease).toEqual(lease2);
      expect(await store.acquireLease('missing', lease1, at(1))).toBeNull();
    });

    it('renews only the lease the turn holds', async () => {
      await store.acquireLease('s1', { turnId: 't1', owner: 'a', until: at(10) }, at(1));
      expect(await store.renewLease('s1', 't1', at(50))).toBe(true);
      expect(await store.renewLease('s1', 'other', at(99))).toBe(false);
      expect(await store.renewLease('missing', 't1', at(99))).toBe(false);
      expect((await store.getSession('s1'))!.lease).toEqual({
        turnId: 't1',
        owner: 'a',
        until: at(50),
      });
      expect(
        await store.acquireLease('s1', { turnId: 't2', owner: 'b', until: at(60) }, at(20)),
      ).toBeNull();
    });

    it('finishes a turn: adds usage, keeps the highest nextSeq, touches updatedAt, releases the lease', async () => {
      await store.acquireLease('s1', { turnId: 't1', owner: 'a', until: at(10) }, at(1));
      const settled = await store.finishTurn('s1', 't1', {
        usage: { inputTokens: 10, outputTokens: 4 },
        nextSeq: 8,
        now: at(2),
      });
      expect(await store.getSession('s1')).toMatchObject({
        usage: { inputTokens: 10, outputTokens: 4 },
        nextSeq: 8,
        updatedAt: at(2),
        lease: null,
      });
      // It answers with the session as the update left it (the reply's session).
      expect(settled).toEqual(await store.getSession('s1'));
      await store.acquireLease('s1', { turnId: 't2', owner: 'a', until: at(10) }, at(3));
      await store.finishTurn('s1', 't2', {
        usage: { inputTokens: 1, outputTokens: 2 },
        nextSeq: 5,
        now: at(4),
      });
      expect(await store.getSession('s1')).toMatchObject({
        usage: { inputTokens: 11, outputTokens: 6 },
        nextSeq: 8,
        updatedAt: at(4),
        lease: null,
      });
    });

    it('finishes a turn whose lease was taken over without releasing the new lease', async () => {
      await store.acquireLease('s1', { turnId: 'old', owner: 'a', until: at(5) }, at(1));
      const fresh = { turnId: 'new', owner: 'b', until: at(50) };
      expect(await store.acquireLease('s1', fresh, at(6))).not.toBeNull();
      const settled = await store.finishTurn('s1', 'old', {
        usage: { inputTokens: 3, outputTokens: 1 },
        nextSeq: 4,
        now: at(7),
      });
      expect(await store.getSession('s1')).toMatchObject({
        usage: { inputTokens: 3, outputTokens: 1 },
        nextSeq: 4,
        lease: fresh,
      });
      expect(settled).toEqual(await store.getSession('s1'));
    });

    it('finishing a turn of a session that is gone answers null and creates nothing', async () => {
      const usage = { inputTokens: 1, outputTokens: 1 };
      expect(await store.finishTurn('gone', 't', { usage, nextSeq: 2, now: at(1) })).toBeNull();
      expect(await store.getSession('gone')).toBeNull();
    });

    it('adds up the usage of turns finishing at the same time', async () => {
      const usage = { inputTokens: 2, outputTokens: 1 };
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.finishTurn('s1', `t${i}`, { usage, nextSeq: i + 1, now: at(i) }),
        ),
      );
      expect(await store.getSession('s1')).toMatchObject({
        usage: { inputTokens: 20, outputTokens: 10 },
        nextSeq: 10,
        updatedAt: at(9),
      });
    });
  });
}
