/**
 * The AuditLog contract: the in-memory and the MongoDB log run exactly these tests.
 * Tampering goes around the log (the raw Map or collection), as an attacker would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeHash, GENESIS, PRUNE_ACTION, verifyEntries } from '../src/audit/chain.js';
import { type AuditLog, type NewAuditEntry, scanAuditLog } from '../src/audit/log.js';

export interface AuditFixture {
  log: AuditLog;
  /** Logs sharing the same storage, as separate server instances would (may repeat `log`). */
  instances: AuditLog[];
  /** Overwrites stored fields of one entry, bypassing the log. */
  tamper(seq: number, fields: Record<string, unknown>): Promise<void>;
  /** Deletes one stored entry, bypassing the log. */
  remove(seq: number): Promise<void>;
  cleanup(): Promise<void>;
}

// In the past, so AUDIT_PRUNE entries (stamped with the real clock) are always newer.
const at = (minute: number) => new Date(Date.UTC(2000, 0, 1, 12, minute));

const entry = (minute: number, over: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: at(minute),
  actor: 'session:s1',
  action: 'TOOL_CALL',
  detail: { toolName: 'calculator', minute },
  resource: 'session:s1',
  ...over,
});

/** Verifies through small batches, so the streaming reads are exercised too. */
const verify = (log: AuditLog) => verifyEntries(scanAuditLog(log, 7));

async function appendMany(log: AuditLog, n: number, from = 0) {
  for (let i = 0; i < n; i++) await log.append(entry(from + i));
}

export function auditLogContract(name: string, makeFixture: () => Promise<AuditFixture>): void {
  describe(`AuditLog contract: ${name}`, () => {
    let fx: AuditFixture;
    beforeEach(async () => {
      fx = await makeFixture();
      await fx.log.init();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('chains every entry to the one before it, from genesis', async () => {
      const first = await fx.log.append(entry(0, { detail: { b: 1, a: undefined, c: [1] } }));
      const second = await fx.log.append(entry(1, { detail: null }));
      const third = await fx.log.append(entry(2, { detail: 'tokens:in=1:out=2' }));
      expect(first).toMatchObject({ seq: 1, prevHash: GENESIS, detail: { b: 1, c: [1] } });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, detail: null });
      expect(third).toMatchObject({ seq: 3, prevHash: second.hash });
      for (const e of [first, second, third]) expect(e.hash).toBe(computeHash(e));
      // What was stored reads back exactly as appended (and so hashes the same).
      expect(await fx.log.readRange(0, 10)).toEqual([first, second, third]);
      expect(await verify(fx.log)).toEqual({ valid: true, checked: 3, brokenAtSeq: null });
    });

    it('hands out copies that do not change the stored entry', async () => {
      const appended = await fx.log.append(entry(0));
      (appended.detail as { toolName: string }).toolName = 'changed';
      const [read] = await fx.log.list({}, { limit: 1 });
      read!.at.setTime(0);
      expect(await verify(fx.log)).toMatchObject({ valid: true });
    });

    it('never forks the chain under concurrent appends from several instances', async () => {
      const writes = fx.instances.flatMap((log, i) =>
        Array.from({ length: 50 }, (_, j) => log.append(entry(j, { actor: `user:${i}` }))),
      );
      const appended = await Promise.all(writes);
      const seqs = appended.map((e) => e.seq).sort((a, b) => a - b);
      const expected = Array.from({ length: 50 * fx.instances.length }, (_, i) => i + 1);
      expect(seqs).toEqual(expected);
      expect(await fx.log.count({})).toBe(expected.length);
      expect(await verify(fx.log)).toEqual({
        valid: true,
        checked: expected.length,
        brokenAtSeq: null,
      });
    });

    it('never forks the chain when several instances append batches at once', async () => {
      // Each instance chains after the head it last wrote: a batch that runs into another
      // instance's seqs keeps what it stored and chains the rest after the new head.
      const batches = fx.instances.flatMap((log, i) =>
        Array.from({ length: 10 }, (_, j) =>
          log.appendMany(
            Array.from({ length: 5 }, (_, k) => entry(j * 5 + k, { actor: `user:${i}` })),
          ),
        ),
      );
      const appended = (await Promise.all(batches)).flat();
      const total = 50 * fx.instances.length;
      expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );
      // Each instance's own entries stay in the order it appended them.
      for (const [i] of fx.instances.entries()) {
        const mine = appended.filter((e) => e.actor === `user:${i}`);
        const seqs = mine.map((e) => e.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
      expect(await verify(fx.log)).toEqual({ valid: true, checked: total, brokenAtSeq: null });
    });

    it('detects a stored entry changed behind its back, naming its seq', async () => {
      await appendMany(fx.log, 10);
      await fx.tamper(7, { detail: { toolName: 'rm -rf /' } });
      expect(await verify(fx.log)).toEqual({ valid: false, checked: 7, brokenAtSeq: 7 });
    });

    it('detects a deleted entry, naming the one after it', async () => {
      await appendMany(fx.log, 10);
      await fx.remove(4);
      expect(await verify(fx.log)).toMatchObject({ valid: false, brokenAtSeq: 5 });
    });

    it('lists with filters, oldest first, in keyset pages', async () => {
      await fx.log.append(entry(0, { action: 'AGENT_SPAWN' }));
      await fx.log.append(entry(1, { actor: 'user:u1', action: 'ACCESS_DENIED' }));
      await fx.log.append(entry(2, { actor: 'session:s2', resource: 'session:s2' }));
      await fx.log.append(entry(3, { action: 'TOOL_RESULT' }));
      await fx.log.append(entry(4, { action: 'AGENT_EXIT' }));
      const seqs = async (filter: Parameters<AuditLog['list']>[0], limit = 10) =>
        (await fx.log.list(filter, { limit })).map((e) => e.seq);

      expect(await seqs({})).toEqual([1, 2, 3, 4, 5]);
      expect(await seqs({ actor: 'user:u1' })).toEqual([2]);
      expect(await seqs({ action: 'TOOL_CALL' })).toEqual([3]);
      expect(await seqs({ sessionId: 's1' })).toEqual([1, 2, 4, 5]);
      expect(await seqs({ sessionId: 's1', action: 'AGENT_EXIT' })).toEqual([5]);
      // `from` inclusive, `to` exclusive.
      expect(await seqs({ from: at(1), to: at(3) })).toEqual([2, 3]);
      expect(await fx.log.count({ sessionId: 's1' })).toBe(4);
      expect(await fx.log.count({ from: at(3) })).toBe(2);

      const page = (p: Parameters<AuditLog['list']>[1], filter = {}) =>
        fx.log.list(filter, p).then((es) => es.map((e) => e.seq));
      expect(await page({ limit: 2 })).toEqual([1, 2]);
      expect(await page({ after: 2, limit: 2 })).toEqual([3, 4]);
      expect(await page({ after: 4, limit: 2 })).toEqual([5]);
      expect(await page({ after: 1, before: 5, limit: 10 })).toEqual([2, 3, 4]);
      // From the end (for `last`): nearest to the end first.
      expect(await page({ before: 5, limit: 2, fromEnd: true })).toEqual([4, 3]);
      expect(await page({ after: 1, limit: 2 }, { sessionId: 's1' })).toEqual([2, 4]);
      expect(await page({ limit: 0 })).toEqual([]);
    });

    it('reads ranges in seq order', async () => {
      await appendMany(fx.log, 5);
      expect((await fx.log.readRange(2, 2)).map((e) => e.seq)).toEqual([3, 4]);
      expect((await fx.log.readRange(4, 10)).map((e) => e.seq)).toEqual([5]);
      expect(await fx.log.readRange(5, 10)).toEqual([]);
    });

    it('prunes old entries but keeps an anchor, so the chain still verifies', async () => {
      await appendMany(fx.log, 10); // at minutes 0..9, seq 1..10
      expect(await fx.log.prune(at(0))).toBe(0);

      // Minutes 0..4 are older: seq 5 (minute 4) stays as the anchor, 1..4 go.
      expect(await fx.log.prune(at(5))).toBe(4);
      const kept = await fx.log.readRange(0, 100);
      expect(kept.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10, 11]);
      expect(kept.at(-1)).toMatchObject({
        actor: 'system',
        action: PRUNE_ACTION,
        detail: { before: at(5).toISOString(), anchorSeq: 5, anchorHash: kept[0]!.hash },
      });
      expect(await verify(fx.log)).toEqual({ valid: true, checked: 7, brokenAtSeq: null });
      // Pruning to the same point again has nothing left to delete.
      expect(await fx.log.prune(at(5))).toBe(0);

      // Appends go on after the prune entry; a second prune moves the anchor on.
      await appendMany(fx.log, 3, 20);
      expect(await fx.log.prune(at(8))).toBe(3);
      expect((await fx.log.readRange(0, 100)).map((e) => e.seq)).toEqual([
        8, 9, 10, 11, 12, 13, 14, 15,
      ]);
      expect(await verify(fx.log)).toEqual({ valid: true, checked: 8, brokenAtSeq: null });
    });

    it('still detects tampering after pruning, in the anchor and after it', async () => {
      await appendMany(fx.log, 10);
      await fx.log.prune(at(5));
      await fx.tamper(7, { actor: 'user:mallory' });
      expect(await verify(fx.log)).toMatchObject({ valid: false, brokenAtSeq: 7 });
      await fx.tamper(5, { detail: { toolName: 'other' } });
      expect(await verify(fx.log)).toMatchObject({ valid: false, brokenAtSeq: 5 });
    });

    it('detects entries deleted from the head after pruning', async () => {
      await appendMany(fx.log, 10);
      await fx.log.prune(at(5));
      // Deleting the anchor leaves a head no AUDIT_PRUNE entry vouches for.
      await fx.remove(5);
      expect(await verify(fx.log)).toMatchObject({ valid: false, brokenAtSeq: 6 });
    });
  });
}
