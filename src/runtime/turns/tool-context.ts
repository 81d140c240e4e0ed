/**
 * What a turn's agent and tools may reach (agents/agent.ts, ToolContext): this
 * session's history, this user's long-term memories, and the turn's approval gate.
 */
import { randomUUID } from 'node:crypto';
import type { MemoryDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import type { ToolContext, ToolGate } from '../agents/agent.js';
import { recallMessages } from '../agents/recall.js';
import { sessionHistory } from '../tools/history.js';

/** Recall lists at most this many memories, newest first. */
const MEMORY_RECALL_LIMIT = 20;

export interface TurnScope {
  sessionId: string;
  turnId: string;
  userId: string;
  /** The user message the turn answers: on a branched session, history is its branch. */
  userMessageId: string;
}

export function toolContextOf(store: Store, scope: TurnScope, gate: ToolGate): ToolContext {
  const { sessionId, turnId, userId } = scope;
  return {
    recall: (query) => recallMessages(store, scope, query),
    history: (limit) => sessionHistory(store, scope, limit),
    recallMemories: async (query) => {
      const filter = { userId, words: wordsOf(query) };
      const memories = await store.memories.list(filter, { limit: MEMORY_RECALL_LIMIT });
      // Counted only when the list is full: most recalls cost one query.
      const full = memories.length === MEMORY_RECALL_LIMIT;
      return { memories, count: full ? await store.memories.count(filter) : memories.length };
    },
    storeMemory: async (content) => {
      const memory: MemoryDoc = {
        _id: randomUUID(),
        userId,
        content,
        sessionId,
        turnId,
        createdAt: new Date(),
      };
      await store.memories.add(memory);
      return memory;
    },
    gate,
  };
}

/**
 * Bounds what one recall asks of the database (each word is a `$regex`): a model's or
 * a 64 KiB message's query is cut to its first words, as Query.memories' limit does.
 */
const MAX_QUERY_LENGTH = 500;
const MAX_QUERY_WORDS = 32;

/** A query's words, as memory matching takes them (every one must occur). */
export function wordsOf(query: string): string[] {
  return query.slice(0, MAX_QUERY_LENGTH).split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_WORDS);
}
