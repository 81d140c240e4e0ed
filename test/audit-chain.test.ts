/** The hash chain as pure functions: canonical hashing and verification. */
import { describe, expect, it } from 'vitest';
import {
  type ChainedEntry,
  canonicalJson,
  computeHash,
  GENESIS,
  PRUNE_ACTION,
  verifyEntries,
} from '../src/audit/chain.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

/** A valid chain of n entries, seq 1..n. */
function chain(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      at: at(seq),
      actor: `session:s${seq % 2}`,
      action: 'TOOL_CALL',
      detail: { toolName: 'calculator', n: seq, nested: { b: 1, a: [2, { d: 3, c: 4 }] } },
      resource: `session:s${seq % 2}`,
      prevHash: out[seq - 2]?.hash ?? GENESIS,
    };
    out.push({ ...fields, hash: computeHash(fields) });
  }
  return out;
}

/** Re-hashes an entry after a change, as someone rewriting it consistently would. */
const rehash = (e: ChainedEntry): ChainedEntry => ({ ...e, hash: computeHash(e) });

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x"y')).toBe('"x\\"y"');
  });
});

describe('computeHash', () => {
  const fields = {
    seq: 3,
    at: at(3),
    actor: 'session:s1',
    action: 'OTHER',
    detail: { x: 1, y: { q: 'a', p: 'b' } },
    resource: 'session:s1',
    prevHash: GENESIS,
  };

  it('is a sha256 hex digest that does not depend on key order', () => {
    const reordered = {
      prevHash: GENESIS,
      resource: 'session:s1',
      detail: { y: { p: 'b', q: 'a' }, x: 1 },
      action: 'OTHER',
      actor: 'session:s1',
      at: at(3),
      seq: 3,
    };
    expect(computeHash(fields)).toMatch(/^[0-9a-f]{64}$/);
    expect(computeHash(reordered)).toBe(computeHash(fields));
  });

  it('changes with every covered field', () => {
    const base = computeHash(fields);
    for (const change of [
      { seq: 4 },
      { at: at(4) },
      { actor: 'user:u' },
      { action: 'TOOL_CALL' },
      { detail: { x: 2, y: { q: 'a', p: 'b' } } },
      { resource: 'session:s2' },
      { prevHash: 'f'.repeat(64) },
    ]) {
      expect(computeHash({ ...fields, ...change })).not.toBe(base);
    }
  });
});

describe('verifyEntries', () => {
  it('accepts a valid chain, from a sync or an async iterable', async () => {
    expect(await verifyEntries(chain(5))).toEqual({ valid: true, checked: 5, brokenAtSeq: null });
    async function* stream() {
      yield* chain(3);
    }
    expect(await verifyEntries(stream())).toEqual({ valid: true, checked: 3, brokenAtSeq: null });
    expect(await verifyEntries([])).toEqual({ valid: true, checked: 0, brokenAtSeq: null });
  });

  it.each([
    ['detail', (e: ChainedEntry) => ({ ...e, detail: { toolName: 'bash' } })],
    ['actor', (e: ChainedEntry) => ({ ...e, actor: 'user:mallory' })],
    ['hash', (e: ChainedEntry) => ({ ...e, hash: 'a'.repeat(64) })],
    ['prevHash', (e: ChainedEntry) => ({ ...e, prevHash: 'b'.repeat(64) })],
    ['at (wrong type)', (e: ChainedEntry) => ({ ...e, at: 'yesterday' as unknown as Date })],
  ])('names the entry whose %s changed', async (_field, tamper) => {
    const entries = chain(6);
    entries[3] = tamper(entries[3]!);
    expect(await verifyEntries(entries)).toEqual({ valid: false, checked: 4, brokenAtSeq: 4 });
  });

  it('names the next entry when one was rewritten with a fresh hash', async () => {
    const entries = chain(6);
    entries[2] = rehash({ ...entries[2]!, detail: 'rewritten' });
    expect(await verifyEntries(entries)).toMatchObject({ valid: false, brokenAtSeq: 4 });
  });

  it('names the entry after a deleted middle entry', async () => {
    const entries = chain(6);
    entries.splice(2, 1);
    expect(await verifyEntries(entries)).toEqual({ valid: false, checked: 3, brokenAtSeq: 4 });
  });

  it('rejects a head that does not start from genesis unless an AUDIT_PRUNE entry vouches for it', async () => {
    const entries = chain(6);
    // Deleting the head: seq 3 links to a missing entry and nothing vouches for it.
    expect(await verifyEntries(entries.slice(2))).toEqual({
      valid: false,
      checked: 4,
      brokenAtSeq: 3,
    });
    // A genesis link at a seq other than 1 is as suspicious.
    expect(await verifyEntries([rehash({ ...entries[2]!, prevHash: GENESIS })])).toMatchObject({
      valid: false,
      brokenAtSeq: 3,
    });
  });

  it('accepts a pruned head when an AUDIT_PRUNE entry names its seq and hash', async () => {
    const entries = chain(4);
    const anchor = entries[1]!;
    const prune = rehash({
      seq: 5,
      at: at(5),
      actor: 'system',
      action: PRUNE_ACTION,
      detail: { before: at(3).toISOString(), anchorSeq: anchor.seq, anchorHash: anchor.hash },
      resource: 'audit',
      prevHash: entries[3]!.hash,
      hash: '',
    });
    const kept = [...entries.slice(1), prune];
    expect(await verifyEntries(kept)).toEqual({ valid: true, checked: 4, brokenAtSeq: null });
    // The anchor's own hash is still checked, and so is every later link.
    const tamperedAnchor = [{ ...anchor, actor: 'user:x' }, ...kept.slice(1)];
    expect(await verifyEntries(tamperedAnchor)).toMatchObject({ valid: false, brokenAtSeq: 2 });
    // Deleting the anchor too leaves a head nobody vouches for.
    expect(await verifyEntries(kept.slice(1))).toMatchObject({ valid: false, brokenAtSeq: 3 });
  });
});
