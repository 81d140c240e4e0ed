/**
 * Approvals whose turn ended before anyone answered them (cancelled, failed, or closed
 * after its instance died) are marked EXPIRED, so nothing stays PENDING forever. Each
 * goes through the store's one-winner decision: one answered meanwhile keeps its answer.
 */
import type { ApprovalDecision, ApprovalDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';

/** The decision of an approval nobody answered (resolvedBy null). */
export function expiredBy(why: string): ApprovalDecision {
  return { status: 'EXPIRED', resolvedAt: new Date(), resolvedBy: null, decisionReason: why };
}

async function expireEach(store: Store, approvals: ApprovalDoc[], why: string): Promise<number> {
  for (const approval of approvals) await store.approvals.decide(approval._id, expiredBy(why));
  return approvals.length;
}

export async function expireApprovalsOfTurn(
  store: Store,
  turnId: string,
  why: string,
): Promise<number> {
  return expireEach(store, await store.approvals.pendingOfTurn(turnId), why);
}

/** Sweeps at most this many overdue approvals per call. */
const OVERDUE_BATCH = 50;

/**
 * The backstop for approvals a turn left PENDING (its expiry write failed, or it never
 * learnt that an insert landed): past their deadline by `graceMs`, long after a live
 * waiting turn would have expired them itself, they expire here.
 */
export async function expireOverdueApprovals(store: Store, graceMs: number): Promise<number> {
  const before = new Date(Date.now() - graceMs);
  const overdue = await store.approvals.overdue(before, OVERDUE_BATCH);
  return expireEach(store, overdue, 'expired before it was answered');
}
