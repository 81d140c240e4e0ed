/**
 * Who may do what: one rule per kind of access, and what a refusal looks like.
 *
 * Tenancy: another user's session must look exactly like a missing one (NOT_FOUND).
 * Every such denial is written to the audit trail as ACCESS_DENIED (ids only, no
 * content), fire-and-forget, so it adds no time a caller could measure. Admin-only
 * operations answer FORBIDDEN instead (nothing there to hide).
 *
 * Two rules are checked by the turn runner, where they can be checked atomically:
 * chatting in a session (the session is created or found in the same upsert) and
 * cancelling a turn (its owner is known on the instance that runs it). The runner
 * reports its verdict (`SessionNotFoundError.foreign`, `'denied'`) and the resolvers
 * answer it through `deniedAsNotFound` and `recordTurnDenial` below.
 */
import { sessionResource } from '../audit/log.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApprovalDoc, SessionDoc } from '../model/documents.js';
import type { Context } from './context.js';
import { codedError, notFound } from './errors.js';

/** Read a session, its history, tool calls and events: its owner, or an admin. */
export function mayReadSession(viewer: Viewer, session: SessionDoc): boolean {
  return session.userId === viewer.userId || viewer.isAdmin;
}

/**
 * See or decide a tool call's approval: the session's owner, or an admin (an admin may
 * answer for a user, as the issue asks; the decision records who took it).
 */
export function mayDecideApproval(viewer: Viewer, approval: ApprovalDoc): boolean {
  return approval.userId === viewer.userId || viewer.isAdmin;
}

/**
 * Change a session (rename, delete, chat in it): its owner only. An admin may read
 * another user's session, never change it.
 */
export function mayChangeSession(viewer: Viewer, session: SessionDoc): boolean {
  return session.userId === viewer.userId;
}

/** The audit trail and pruning: admins only; anyone else gets FORBIDDEN with `message`. */
export function requireAdmin(ctx: Context, message: string): void {
  if (!ctx.viewer.isAdmin) throw codedError('FORBIDDEN', message);
}

/** The session if the viewer may read it; null (as if missing) and audited if not. */
export function readable(
  ctx: Context,
  session: SessionDoc | null,
  attempted: string,
): SessionDoc | null {
  if (!session || mayReadSession(ctx.viewer, session)) return session;
  recordDenial(ctx, session._id, attempted);
  return null;
}

/** The session the viewer may change, or NOT_FOUND (audited when it is someone else's). */
export async function sessionToChange(
  ctx: Context,
  id: string,
  attempted: string,
): Promise<SessionDoc> {
  const session = await ctx.services.store.getSession(id);
  if (!session) throw notFound('session', id);
  if (!mayChangeSession(ctx.viewer, session)) throw deniedAsNotFound(ctx, id, attempted);
  return session;
}

export function recordDenial(ctx: Context, sessionId: string, attempted: string): void {
  const resource = sessionResource(sessionId);
  ctx.services.auditRecorder.recordAccessDenied(ctx.viewer.userId, resource, attempted);
}

/** Records the denial and returns the same NOT_FOUND a missing session gets. */
export function deniedAsNotFound(ctx: Context, sessionId: string, attempted: string) {
  recordDenial(ctx, sessionId, attempted);
  return notFound('session', sessionId);
}

/** Another user's turn: the caller sees it as unknown (false); the attempt is audited. */
export function recordTurnDenial(ctx: Context, turnId: string, attempted: string): void {
  ctx.services.auditRecorder.recordAccessDenied(ctx.viewer.userId, `turn:${turnId}`, attempted);
}
