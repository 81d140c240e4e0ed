/**
 * The audit trail's hash chain (docs/architecture.md, "Audit trail"), as pure functions so both
 * audit logs and the tests share one definition of a valid chain.
 *
 * hash = sha256hex(canonicalJson({seq, at: ISO string, actor, action, detail, resource,
 * prevHash})); the first entry's prevHash is `genesis`.
 *
 * Pruning (see AuditLog.prune) keeps the newest entry older than the cut-off as an
 * anchor and first appends an AUDIT_PRUNE entry naming that anchor's seq and hash.
 * So a trail whose first entry does not link to `genesis` is valid only when an
 * AUDIT_PRUNE entry inside the (hash-checked) chain vouches for exactly that first
 * entry: deleting entries from the head, not just the middle, is detected too.
 * Limitation of any hash chain without an external witness: someone who can write the
 * database may drop the newest entries, or rewrite the chain from some point on.
 */
import { createHash } from 'node:crypto';

export const GENESIS = 'genesis';
export const PRUNE_ACTION = 'AUDIT_PRUNE';

/** The fields the hash covers (everything stored but the hash itself). */
export interface ChainFields {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  detail: unknown;
  resource: string;
  prevHash: string;
}

export interface ChainedEntry extends ChainFields {
  hash: string;
}

/** What an AUDIT_PRUNE entry's detail holds. */
export interface PruneDetail {
  before: string;
  anchorSeq: number;
  anchorHash: string;
}

export interface ChainVerification {
  valid: boolean;
  /** Entries examined; on a break, up to and including the broken one. */
  checked: number;
  /** The first entry that does not verify; null when the chain is valid. */
  brokenAtSeq: number | null;
}

/** JSON with object keys sorted at every depth; undefined members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify(undefined) is undefined: a bare undefined canonicalises as null.
    return JSON.stringify(value) ?? 'null';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * What a detail is stored as: plain JSON (no undefined, Dates as strings), so the
 * value read back from either store hashes exactly as the value that was appended.
 */
export function normalizeDetail(detail: unknown): unknown {
  return detail === undefined ? null : JSON.parse(JSON.stringify(detail));
}

export function computeHash(e: ChainFields): string {
  const canonical = canonicalJson({
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    detail: e.detail ?? null,
    resource: e.resource,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** A stored entry with a field of the wrong type (e.g. `at` rewritten as a string) fails too. */
function hashMatches(e: ChainedEntry): boolean {
  try {
    return computeHash(e) === e.hash;
  } catch {
    return false;
  }
}

function isPruneOf(e: ChainedEntry, anchor: ChainedEntry): boolean {
  if (e.action !== PRUNE_ACTION || typeof e.detail !== 'object' || e.detail === null) return false;
  const d = e.detail as Partial<PruneDetail>;
  return d.anchorSeq === anchor.seq && d.anchorHash === anchor.hash;
}

/**
 * Recomputes the chain over entries in seq order and names the first broken seq: an
 * entry whose hash does not match its fields, that does not link to its predecessor
 * (seq + 1 and prevHash), or a non-genesis head no AUDIT_PRUNE entry vouches for.
 */
export async function verifyEntries(
  entries: Iterable<ChainedEntry> | AsyncIterable<ChainedEntry>,
): Promise<ChainVerification> {
  let prev: ChainedEntry | null = null;
  let unvouchedHead: ChainedEntry | null = null;
  let checked = 0;
  const broken = (seq: number) => ({ valid: false, checked, brokenAtSeq: seq });
  for await (const e of entries) {
    checked += 1;
    if (!hashMatches(e)) return broken(e.seq);
    if (prev === null) {
      if (e.prevHash === GENESIS) {
        if (e.seq !== 1) return broken(e.seq);
      } else {
        unvouchedHead = e;
      }
    } else if (e.seq !== prev.seq + 1 || e.prevHash !== prev.hash) {
      return broken(e.seq);
    }
    if (unvouchedHead && isPruneOf(e, unvouchedHead)) unvouchedHead = null;
    prev = e;
  }
  if (unvouchedHead) return { valid: false, checked, brokenAtSeq: unvouchedHead.seq };
  return { valid: true, checked, brokenAtSeq: null };
}
