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
