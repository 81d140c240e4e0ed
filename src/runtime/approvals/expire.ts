/**
 * Approvals whose turn ended before anyone answered them (cancelled, failed, or closed
 * after its instance died) are marked EXPIRED, so nothing stays PENDING forever. Each
 * goes through the store's one-winner decision: one answered meanwhile keeps its answer.
 */
import type { Store } from '../../store/store.js';

export async function expireApprovalsOfTurn(
  store: Store,
  turnId: string,
  why: string,
): Promise<number> {
  const pending = await store.approvals.pendingOfTurn(turnId);
  const decision = { status: 'EXPIRED' as const, resolvedBy: null, decisionReason: why };
  for (const approval of pending) {
    await store.approvals.decide(approval._id, { ...decision, resolvedAt: new Date() });
  }
  return pending.length;
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
  const decision = {
    status: 'EXPIRED' as const,
    resolvedBy: null,
    decisionReason: 'expired before it was answered',
  };
  for (const approval of overdue) {
    await store.approvals.decide(approval._id, { ...decision, resolvedAt: new Date() });
  }
  return overdue.length;
}
