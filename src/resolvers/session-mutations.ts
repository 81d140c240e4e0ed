/**
 * renameSession / deleteSession / pruneSessions. A session only its owner may change
 * (access.ts): another user's behaves exactly like a missing one (NOT_FOUND); pruning
 * is for admins.
 */
import type { SessionDoc } from '../model/documents.js';
import { pruneNow } from '../runtime/maintenance/session-pruner.js';
import { stopTurnsOf } from '../runtime/turns/session-stop.js';
import { requireAdmin, sessionToChange } from './access.js';
import type { Context } from './context.js';
import { badUserInput, notFound, redisUnavailableAsCoded } from './errors.js';

export const MAX_TITLE_LENGTH = 200;

/** A title as given (renameSession, forkSession): trimmed, 1 to MAX_TITLE_LENGTH characters. */
export function checkedTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed === '' || trimmed.length > MAX_TITLE_LENGTH) {
    throw badUserInput(`title must be 1 to ${MAX_TITLE_LENGTH} characters`, { argument: 'title' });
  }
  return trimmed;
}

export async function renameSession(ctx: Context, id: string, title: string): Promise<SessionDoc> {
  const trimmed = checkedTitle(title);
  await sessionToChange(ctx, id, 'renameSession');
  const renamed = await ctx.services.store.renameSession(id, trimmed, new Date());
  if (!renamed) throw notFound('session', id);
  ctx.services.feed.updated(renamed);
  return renamed;
}

export async function deleteSession(ctx: Context, id: string): Promise<boolean> {
  const session = await sessionToChange(ctx, id, 'deleteSession');
  const { store, bus, runner, config } = ctx.services;
  // Its turns end first (CANCELLED), so none of them writes into a session that reuses the id.
  const cancel = (turnId: string, userId: string) => runner.cancel(turnId, userId);
  await stopTurnsOf({ store, bus, cancel, waitMs: config.turnLeaseMs }, session).catch((error) => {
    throw redisUnavailableAsCoded(error, 'the session has a turn running there');
  });
  const deleted = await ctx.services.store.deleteSession(id);
  // Every subscription to it ends, on every instance (its id may be reused).
  ctx.services.bus.publishEnded(id);
  if (deleted) ctx.services.feed.deleted([{ id, userId: session.userId }]);
  return deleted;
}

export async function pruneSessions(ctx: Context): Promise<{ deleted: number }> {
  requireAdmin(ctx, 'pruneSessions is for admins');
  const { removed } = await pruneNow(ctx.services.store, ctx.services.config);
  for (const { id } of removed) ctx.services.bus.publishEnded(id);
  ctx.services.feed.deleted(removed);
  return { deleted: removed.length };
}
