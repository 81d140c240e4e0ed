/**
 * renameSession / deleteSession / pruneSessions. Another user's session behaves
 * exactly like a missing one (NOT_FOUND); pruning is for admins.
 */

import type { SessionDoc } from '../model/documents.js';
import { RedisUnavailableError } from '../runtime/errors.js';
import { pruneNow } from '../runtime/maintenance/session-pruner.js';
import { stopTurnsOf } from '../runtime/turns/session-stop.js';
import { deniedAsNotFound } from './access.js';
import type { Context } from './context.js';
import { badUserInput, codedError, notFound } from './errors.js';

export const MAX_TITLE_LENGTH = 200;

async function ownSession(ctx: Context, id: string, attempted: string): Promise<SessionDoc> {
  const session = await ctx.services.store.getSession(id);
  if (!session) throw notFound('session', id);
  if (session.userId !== ctx.viewer.userId) throw deniedAsNotFound(ctx, id, attempted);
  return session;
}

export async function renameSession(ctx: Context, id: string, title: string): Promise<SessionDoc> {
  const trimmed = title.trim();
  if (trimmed === '' || trimmed.length > MAX_TITLE_LENGTH) {
    throw badUserInput(`title must be 1 to ${MAX_TITLE_LENGTH} characters`, { argument: 'title' });
  }
  await ownSession(ctx, id, 'renameSession');
  const renamed = await ctx.services.store.renameSession(id, trimmed, new Date());
  if (!renamed) throw notFound('session', id);
  return renamed;
}

export async function deleteSession(ctx: Context, id: string): Promise<boolean> {
  const session = await ownSession(ctx, id, 'deleteSession');
  const { store, bus, runner, config } = ctx.services;
  // Its turns end first (CANCELLED), so none of them writes into a session that reuses the id.
  const cancel = (turnId: string, userId: string) => runner.cancel(turnId, userId);
  await stopTurnsOf({ store, bus, cancel, waitMs: config.turnLeaseMs }, session).catch((error) => {
    if (error instanceof RedisUnavailableError) {
      throw codedError(
        'REDIS_UNAVAILABLE',
        `${error.message} (the session has a turn running there)`,
      );
    }
    throw error;
  });
  const deleted = await ctx.services.store.deleteSession(id);
  // Every subscription to it ends, on every instance (its id may be reused).
  ctx.services.bus.publishEnded(id);
  return deleted;
}

export async function pruneSessions(ctx: Context): Promise<{ deleted: number }> {
  if (!ctx.viewer.isAdmin) throw codedError('FORBIDDEN', 'pruneSessions is for admins');
  const { removedIds } = await pruneNow(ctx.services.store, ctx.services.config);
  for (const id of removedIds) ctx.services.bus.publishEnded(id);
  return { deleted: removedIds.length };
}
