/**
 * memories / deleteMemory: a user's long-term memories are theirs alone, so every read
 * and delete is scoped to the viewer in the store query itself; another user's memory
 * is indistinguishable from a missing one (NOT_FOUND on delete).
 */
import type { MemoryDoc } from '../model/documents.js';
import type { KeysetPage, MemoryFilter, MemoryKey } from '../store/store.js';
import type { Context } from './context.js';
import { badUserInput, notFound } from './errors.js';

export const MAX_MEMORY_QUERY_LENGTH = 500;

/** The viewer's filter: every word of `query` (split on whitespace); none: all memories. */
export function memoryFilter(ctx: Context, query: string | null | undefined): MemoryFilter {
  if (query != null && query.length > MAX_MEMORY_QUERY_LENGTH) {
    throw badUserInput(`query may be at most ${MAX_MEMORY_QUERY_LENGTH} characters`, {
      argument: 'query',
    });
  }
  const words = (query ?? '').split(/\s+/).filter((word) => word !== '');
  return { userId: ctx.viewer.userId, words };
}

export function listMemories(
  ctx: Context,
  filter: MemoryFilter,
  page: KeysetPage<MemoryKey>,
): Promise<MemoryDoc[]> {
  return ctx.services.store.memories.list(filter, page);
}

export function countMemories(ctx: Context, filter: MemoryFilter): Promise<number> {
  return ctx.services.store.memories.count(filter);
}

export async function deleteMemory(ctx: Context, id: string): Promise<boolean> {
  const removed = await ctx.services.store.memories.remove(ctx.viewer.userId, id);
  if (!removed) throw notFound('memory', id);
  ctx.services.auditRecorder.recordMemoryDeleted(ctx.viewer.userId, id);
  return true;
}
