/**
 * Where a person's decision on a tool call lands, on any instance: taken atomically in
 * the store (one winner when several race, across instances), then the instance whose
 * turn waits is told (locally, or over the turn registry's control channel), and that
 * turn emits the ToolApprovalResolvedEvent. The turn also polls the store while it
 * waits, so a lost notice only delays it. The lease sweeper expires what a lost turn
 * left pending (expireOverdue).
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

  /**
   * Decides `approval` (as the caller read it, after checking access); null when it is
   * gone. One that can no longer be answered (past its deadline, or its turn no longer
   * holds the session: cancelled, ended, its instance dead) expires instead, and the
   * answer is `won: false` with that: a person is never told a tool was approved that
   * will not run.
   */
  async resolve(approval: ApprovalDoc, input: ResolveInput): Promise<Resolved | null> {
    const now = new Date();
    const lapsed = approval.status === 'PENDING' && (await this.lapsed(approval, now));
    const decided = await this.store.approvals.decide(approval._id, {
      status: lapsed ? 'EXPIRED' : input.approve ? 'APPROVED' : 'REJECTED',
      resolvedAt: now,
      resolvedBy: lapsed ? null : input.by,
      decisionReason: lapsed || input.reason,
    });
    if (!decided) return null;
    if (decided.won) this.notify(decided.approval);
    return lapsed ? { ...decided, won: false } : decided;
  }

  /** Why a pending approval can no longer be answered, or null while its turn waits. */
  private async lapsed(approval: ApprovalDoc, now: Date): Promise<string | null> {
    if (approval.expiresAt <= now) return 'expired before it was answered';
    const lease = (await this.store.getSession(approval.sessionId))?.lease;
    const waiting = lease?.turnId === approval.turnId && lease.until > now;
    return waiting ? null : 'its turn was no longer running';
  }

  /** Wakes the waiting turn: here if it waits here, else on its instance (best effort). */
  private notify(approval: ApprovalDoc): void {
    if (this.waiters.wake(approval._id)) return;
    this.registry.notifyApproval(approval.turnId, approval._id).catch(() => undefined);
  }
}
