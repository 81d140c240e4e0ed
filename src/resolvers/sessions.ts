/**
 * Session reads. A session the viewer may not read (access.ts) reads exactly like a
 * missing one.
 * Reads of one session's items go through DataLoaders, so a list of sessions costs
 * the same few round trips whatever its length; `info` picks the loaders (per
 * request, or per subscription event: see loaders.ts).
 */
import type { MessageDoc, SessionDoc, ToolCallDoc } from '../model/documents.js';
import type { SeriesLoaderSet } from '../store/loaders.js';
import type { KeysetPage, SeriesItems, SeriesName, SessionKey } from '../store/store.js';
import { readable } from './access.js';
import type { Context } from './context.js';
import { type ExecutionInfo, loadersFor } from './loaders.js';

export async function sessionById(
  ctx: Context,
  id: string,
  info?: ExecutionInfo,
): Promise<SessionDoc | null> {
  return readable(ctx, await loadersFor(ctx, info).session.load(id), 'session');
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

/** A page of one of the session's series (its messages, its tool calls). */
export function listSeries<N extends SeriesName>(
  ctx: Context,
  session: SessionDoc,
  series: N,
  page: KeysetPage<number>,
  info?: ExecutionInfo,
): Promise<SeriesItems[N][]> {
  const loaders: SeriesLoaderSet = loadersFor(ctx, info);
  return loaders[series].page.load({ sessionId: session._id, page });
}

export function countSeries(
  ctx: Context,
  session: SessionDoc,
  series: SeriesName,
  info?: ExecutionInfo,
): Promise<number> {
  return loadersFor(ctx, info)[series].count.load(session._id);
}

export async function toolCallsOfMessage(
  ctx: Context,
  message: MessageDoc,
  info?: ExecutionInfo,
): Promise<ToolCallDoc[]> {
  if (message.role !== 'AGENT') return [];
  return loadersFor(ctx, info).toolCallsOfTurn.load(message.turnId);
}
