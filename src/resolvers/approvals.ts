/**
 * toolApproval / resolveToolApproval, and what a session shows of its approvals.
 * Someone else's approval looks exactly like a missing one (null, or NOT_FOUND), and
 * the attempt is audited as ACCESS_DENIED. The decision itself is the desk's
 * (runtime/approvals/desk.ts): taken atomically in the store, one winner per approval.
 */
import type { ApprovalDoc, SessionDoc } from '../model/documents.js';
import type { SessionSnapshot, SessionStatus } from '../model/feed.js';
import { mayDecideApproval } from './access.js';
import type { Context } from './context.js';
import { badUserInput, codedError, notFound } from './errors.js';
import { type ExecutionInfo, loadersFor } from './loaders.js';

export const MAX_DECISION_REASON_LENGTH = 1000;

function recordApprovalDenial(ctx: Context, id: string, attempted: string): void {
  ctx.services.auditRecorder.recordAccessDenied(ctx.viewer.userId, `approval:${id}`, attempted);
}

/** The approval if the viewer may see it; null (as if missing) and audited if not. */
export async function toolApprovalById(ctx: Context, id: string): Promise<ApprovalDoc | null> {
  const approval = await ctx.services.store.approvals.get(id);
  if (!approval || mayDecideApproval(ctx.viewer, approval)) return approval;
  recordApprovalDenial(ctx, id, 'toolApproval');
  return null;
}

export async function resolveToolApproval(
  ctx: Context,
  id: string,
  approve: boolean,
  reason: string | null | undefined,
): Promise<ApprovalDoc> {
  if (reason != null && reason.length > MAX_DECISION_REASON_LENGTH) {
    throw badUserInput(`reason may be at most ${MAX_DECISION_REASON_LENGTH} characters`, {
      argument: 'reason',
    });
  }
  const current = await ctx.services.store.approvals.get(id);
  if (!current) throw notFound('approval', id);
  if (!mayDecideApproval(ctx.viewer, current)) {
    recordApprovalDenial(ctx, id, 'resolveToolApproval');
    throw notFound('approval', id);
  }
  const resolved = await ctx.services.approvals.resolve(current, {
    approve,
    by: ctx.viewer.userId,
    reason: reason ?? null,
  });
  // Gone between the read and the decision (its session was deleted).
  if (!resolved) throw notFound('approval', id);
  if (!resolved.won) throw alreadyResolved(resolved.approval);
  return resolved.approval;
}

/** ALREADY_RESOLVED with the decision that stands, so a client can show it. */
function alreadyResolved(approval: ApprovalDoc) {
  return codedError('ALREADY_RESOLVED', `approval ${approval._id} is already ${approval.status}`, {
    id: approval._id,
    status: approval.status,
    resolvedBy: approval.resolvedBy,
    resolvedAt: approval.resolvedAt?.toISOString() ?? null,
    decisionReason: approval.decisionReason,
  });
}

/** The session's PENDING approvals, oldest first. */
export function pendingApprovalsOf(
  ctx: Context,
  session: SessionDoc,
  info?: ExecutionInfo,
): Promise<ApprovalDoc[]> {
  return loadersFor(ctx, info).pendingApprovals.load(session._id);
}

/**
 * A pending approval wins over the lease: the turn holds its lease while it waits.
 * An expired lease is a dead instance's turn, which the sweeper closes: IDLE.
 */
export async function sessionStatus(
  ctx: Context,
  session: SessionSnapshot,
  info?: ExecutionInfo,
  now: Date = new Date(),
): Promise<SessionStatus> {
  if (session.statusAsOf) return session.statusAsOf; // a feed update's, as the change left it
  const pending = await pendingApprovalsOf(ctx, session, info);
  if (pending.length > 0) return 'AWAITING_APPROVAL';
  if (session.lease && session.lease.until > now) return 'RUNNING';
  return 'IDLE';
}
