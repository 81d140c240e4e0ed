/**
 * Tenancy: another user's session must look exactly like a missing one. Every such
 * denial is written to the audit trail as ACCESS_DENIED (ids only, no content),
 * fire-and-forget, so it adds no time a caller could measure.
 */
import type { Context } from './context.js';
import { notFound } from './errors.js';

export function recordDenial(ctx: Context, sessionId: string, attempted: string): void {
  ctx.services.auditRecorder.recordAccessDenied(
    ctx.viewer.userId,
    `session:${sessionId}`,
    attempted,
  );
}

/** Records the denial and returns the same NOT_FOUND a missing session gets. */
export function deniedAsNotFound(ctx: Context, sessionId: string, attempted: string) {
  recordDenial(ctx, sessionId, attempted);
  return notFound('session', sessionId);
}
