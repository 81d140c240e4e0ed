/**
 * The in-memory store's approvals (runtime/approvals/), with the semantics of the
 * MongoDB store's `approvals` and `approvalDecisions`: one decision per approval, the
 * first caller's. Each method runs synchronously, so each is atomic.
 */
import type { ApprovalDecision, ApprovalDoc } from '../model/documents.js';
import type { ApprovalStore } from './store.js';

const copy = structuredClone;

export class MemoryApprovals implements ApprovalStore {
  private readonly approvals = new Map<string, ApprovalDoc>();

  async add(approval: ApprovalDoc): Promise<void> {
    // Like the unique indexes: one approval per id and per (turnId, toolCallId).
    for (const other of this.approvals.values()) {
      if (other.turnId === approval.turnId && other.toolCallId === approval.toolCallId) {
        throw new Error(
          `tool call ${approval.toolCallId} of turn ${approval.turnId} has an approval`,
        );
      }
    }
    if (this.approvals.has(approval._id)) throw new Error(`approval ${approval._id} exists`);
    this.approvals.set(approval._id, copy(approval));
  }

  async get(id: string): Promise<ApprovalDoc | null> {
    const approval = this.approvals.get(id);
    return approval ? copy(approval) : null;
  }

  async decisionOf(id: string): Promise<ApprovalDecision | null> {
    const approval = this.approvals.get(id);
    if (!approval || approval.status === 'PENDING') return null;
    const { status, resolvedBy, decisionReason } = approval;
    return { status, resolvedBy, decisionReason, resolvedAt: new Date(approval.resolvedAt!) };
  }

  async decide(
    id: string,
    decision: ApprovalDecision,
  ): Promise<{ approval: ApprovalDoc; won: boolean } | null> {
    const approval = this.approvals.get(id);
    if (!approval) return null;
    if (approval.status !== 'PENDING') return { approval: copy(approval), won: false };
    const { status, resolvedAt, resolvedBy, decisionReason } = decision;
    Object.assign(approval, {
      status,
      resolvedAt: new Date(resolvedAt),
      resolvedBy,
      decisionReason,
    });
    return { approval: copy(approval), won: true };
  }

  async pendingOfSessions(sessionIds: readonly string[]): Promise<ApprovalDoc[]> {
    const ids = new Set(sessionIds);
    return this.pending((a) => ids.has(a.sessionId));
  }

  async pendingOfTurn(turnId: string): Promise<ApprovalDoc[]> {
    return this.pending((a) => a.turnId === turnId);
  }

  async overdue(before: Date, limit: number): Promise<ApprovalDoc[]> {
    return this.pending((a) => a.expiresAt < before).slice(0, limit);
  }

  /** With its session (deleteSession, pruning). */
  removeSession(sessionId: string): void {
    for (const [id, approval] of this.approvals) {
      if (approval.sessionId === sessionId) this.approvals.delete(id);
    }
  }

  private pending(match: (approval: ApprovalDoc) => boolean): ApprovalDoc[] {
    return [...this.approvals.values()]
      .filter((a) => a.status === 'PENDING' && match(a))
      .sort(byRequest)
      .map((a) => copy(a));
  }
}

/** Oldest request first; the id breaks ties (as the MongoDB sort does). */
export function byRequest(a: ApprovalDoc, b: ApprovalDoc): number {
  const byTime = a.requestedAt.getTime() - b.requestedAt.getTime();
  return byTime !== 0 ? byTime : a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
}
