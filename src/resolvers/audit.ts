/**
 * Audit trail reads (admin only): listing with filters, counting, and recomputing
 * the whole hash chain.
 */
import { type ChainVerification, verifyEntries } from '../audit/chain.js';
import { type AuditEntry, type AuditFilter, type AuditLog, scanAuditLog } from '../audit/log.js';
import type { KeysetPage } from '../store/store.js';
import { requireAdmin } from './access.js';
import type { Context } from './context.js';

/** The GraphQL input: every field optional and nullable. */
export interface AuditFilterInput {
  actor?: string | null;
  action?: string | null;
  sessionId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

function auditLogOf(ctx: Context): AuditLog {
  requireAdmin(ctx, 'the audit trail is for admins only');
  return ctx.services.audit;
}

/** Nulls from GraphQL become absent conditions. */
export function auditFilterFrom(input: AuditFilterInput | null | undefined): AuditFilter {
  const filter: AuditFilter = {};
  if (input?.actor != null) filter.actor = input.actor;
  if (input?.action != null) filter.action = input.action;
  if (input?.sessionId != null) filter.sessionId = input.sessionId;
  if (input?.from != null) filter.from = input.from;
  if (input?.to != null) filter.to = input.to;
  return filter;
}

export async function listAuditEntries(
  ctx: Context,
  filter: AuditFilterInput | null | undefined,
  page: KeysetPage<number>,
): Promise<AuditEntry[]> {
  return auditLogOf(ctx).list(auditFilterFrom(filter), page);
}

export async function countAuditEntries(
  ctx: Context,
  filter: AuditFilterInput | null | undefined,
): Promise<number> {
  return auditLogOf(ctx).count(auditFilterFrom(filter));
}

/** Streams the stored trail in batches, so a long trail is never held in memory at once. */
export async function verifyAuditTrail(ctx: Context): Promise<ChainVerification> {
  return verifyEntries(scanAuditLog(auditLogOf(ctx)));
}
