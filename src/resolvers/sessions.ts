/**
 * Session reads. A session that is not the viewer's reads exactly like a missing one.
 */
import type { MessageDoc, SessionDoc, ToolCallDoc } from '../store/documents.js';
import type { KeysetPage, SessionKey } from '../store/store.js';
import type { Context } from './context.js';

export async function sessionById(ctx: Context, id: string): Promise<SessionDoc | null> {
  const session = await ctx.loaders.session.load(id);
  return session && canRead(ctx, session) ? session : null;
}

export function canRead(ctx: Context, session: SessionDoc): boolean {
  return session.userId === ctx.viewer.userId || ctx.viewer.isAdmin;
}

export function listSessions(
  ctx: Context,
  projectId: string | null | undefined,
  page: KeysetPage<SessionKey>,
): Promise<SessionDoc[]> {
  return ctx.services.store.listSessions({ userId: ctx.viewer.userId, projectId }, page);
}

export function countSessions(ctx: Context, projectId: string | null | undefined): Promise<number> {
  return ctx.services.store.countSessions({ userId: ctx.viewer.userId, projectId });
}

export function listMessages(
  ctx: Context,
  session: SessionDoc,
  page: KeysetPage<number>,
): Promise<MessageDoc[]> {
  return ctx.services.store.listMessages(session._id, page);
}

export function listToolCalls(
  ctx: Context,
  session: SessionDoc,
  page: KeysetPage<number>,
): Promise<ToolCallDoc[]> {
  return ctx.services.store.listToolCalls(session._id, page);
}

export async function toolCallsOfMessage(
  ctx: Context,
  message: MessageDoc,
): Promise<ToolCallDoc[]> {
  if (message.role !== 'AGENT') return [];
  return ctx.loaders.toolCallsOfTurn.load(message.turnId);
}
