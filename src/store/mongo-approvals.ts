/**
 * The MongoDB store's approvals (runtime/approvals/). A decision is taken by inserting
 * it into `approvalDecisions` under the approval's id: the unique `_id` makes one
 * caller win across instances, on FerretDB 1.x too, whose updates are not isolated (a
 * conditional findOneAndUpdate could let two callers both "win"). The winner then
 * copies the decision onto the approval; a loser copies the stored one again, which
 * repairs an approval whose winner died between its two writes (same values, so the
 * repeated write is harmless).
 */
import type { Collection } from 'mongodb';
import type { ApprovalDecision, ApprovalDoc } from '../model/documents.js';
import { isDuplicateKey, type StoredDecision } from './mongo-collections.js';
import type { ApprovalStore } from './store.js';

const byRequest = { requestedAt: 1, _id: 1 } as const;

export class MongoApprovals implements ApprovalStore {
  constructor(
    private readonly approvals: Collection<ApprovalDoc>,
    private readonly decisions: Collection<StoredDecision>,
  ) {}

  async add(approval: ApprovalDoc): Promise<void> {
    await this.approvals.insertOne(approval);
  }

  get(id: string): Promise<ApprovalDoc | null> {
    return this.approvals.findOne({ _id: id });
  }

  async decisionOf(id: string): Promise<ApprovalDecision | null> {
    const stored = await this.decisions.findOne({ _id: id });
    return stored && decisionFields(stored);
  }

  async decide(
    id: string,
    decision: ApprovalDecision,
  ): Promise<{ approval: ApprovalDoc; won: boolean } | null> {
    const approval = await this.approvals.findOne({ _id: id }, { projection: { sessionId: 1 } });
    if (!approval) return null;
    let won = true;
    let taken = decisionFields(decision);
    try {
      await this.decisions.insertOne({ ...taken, _id: id, sessionId: approval.sessionId });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      won = false;
      const stored = await this.decisions.findOne({ _id: id });
      if (!stored) throw err;
      taken = decisionFields(stored);
    }
    const decided = await this.approvals.findOneAndUpdate(
      { _id: id },
      { $set: taken },
      { returnDocument: 'after' },
    );
    if (!decided) {
      // Its session was deleted meanwhile: leave no decision behind without its approval.
      if (won) await this.decisions.deleteOne({ _id: id });
      return null;
    }
    return { approval: decided, won };
  }

  pendingOfSessions(sessionIds: readonly string[]): Promise<ApprovalDoc[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    const filter = { sessionId: { $in: [...new Set(sessionIds)] }, status: 'PENDING' as const };
    return this.approvals.find(filter).sort(byRequest).toArray();
  }

  overdue(before: Date, limit: number): Promise<ApprovalDoc[]> {
    return this.approvals
      .find({ status: 'PENDING', expiresAt: { $lt: before } })
      .limit(limit)
      .toArray();
  }

  pendingOfTurn(turnId: string): Promise<ApprovalDoc[]> {
    return this.approvals.find({ turnId, status: 'PENDING' }).sort(byRequest).toArray();
  }
}

/** Only the decision's own fields (never `_id` or `sessionId`, nor a caller's extras). */
function decisionFields({
  status,
  resolvedAt,
  resolvedBy,
  decisionReason,
}: ApprovalDecision): ApprovalDecision {
  return {
    status,
    resolvedAt,
    resolvedBy: resolvedBy ?? null,
    decisionReason: decisionReason ?? null,
  };
}
