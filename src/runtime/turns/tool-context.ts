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
}

export function toolContextOf(store: Store, scope: TurnScope, gate: ToolGate): ToolContext {
  const { sessionId, turnId, userId } = scope;
  return {
    recall: (query) => recallMessages(store, sessionId, turnId, query),
    history: (limit) => sessionHistory(store, sessionId, turnId, limit),
    recallMemories: (query) =>
      store.memories.list({ userId, words: wordsOf(query) }, { limit: MEMORY_RECALL_LIMIT }),
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

/** A query's words, as memory matching takes them (every one must occur). */
export function wordsOf(query: string): string[] {
  return query.split(/\s+/).filter(Boolean);
}
