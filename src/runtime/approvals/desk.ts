/**
 * Where a person's decision on a tool call lands, on any instance: taken atomically in
 * the store (one winner when several race, across instances), then the instance whose
 * turn waits is told (locally, or over the turn registry's control channel), and that
 * turn emits the ToolApprovalResolvedEvent. The turn also polls the store while it
 * waits, so a lost notice only delays it.
 */
import type { ApprovalDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import type { TurnRegistry } from '../turns/registry.js';
import type { ApprovalWaiters } from './waiters.js';

export interface ResolveInput {
  approve: boolean;
  /** The user who decides. */
  by: string;
  reason: string | null;
}

export interface Resolved {
  /** The approval as decided: by this call when `won`, else as another decided it. */
  approval: ApprovalDoc;
  won: boolean;
}

export class ApprovalDesk {
  constructor(
    private readonly store: Store,
    private readonly registry: TurnRegistry,
    private readonly waiters: ApprovalWaiters,
  ) {}

  /** Null when the approval does not exist. Access is the caller's to check first. */
  async resolve(id: string, input: ResolveInput): Promise<Resolved | null> {
    const now = new Date();
    const current = await this.store.approvals.get(id);
    if (!current) return null;
    // Past its deadline it can only expire, whoever answers (the waiting turn may be gone).
    const expired = current.status === 'PENDING' && current.expiresAt <= now;
    const decided = await this.store.approvals.decide(id, {
      status: expired ? 'EXPIRED' : input.approve ? 'APPROVED' : 'REJECTED',
      resolvedAt: now,
      resolvedBy: expired ? null : input.by,
      decisionReason: expired ? 'expired before it was answered' : input.reason,
    });
    if (!decided) return null;
    if (decided.won) this.notify(decided.approval);
    return expired ? { ...decided, won: false } : decided;
  }

  /** Wakes the waiting turn: here if it waits here, else on its instance (best effort). */
  private notify(approval: ApprovalDoc): void {
    if (this.waiters.wake(approval._id)) return;
    this.registry.notifyApproval(approval.turnId, approval._id).catch(() => undefined);
  }
}
