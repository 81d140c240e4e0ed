/**
 * A ToolContext for running an agent or a tool on its own (no turn, no store): empty
 * history and memories, and a gate that asks nobody. Tests override what they use.
 */
import type { ToolContext } from '../../src/runtime/agents/agent.js';

export function offlineToolContext(overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    recall: async () => [],
    history: async () => [],
    recallMemories: async () => ({ memories: [], count: 0 }),
    storeMemory: async (content) => ({
      _id: 'memory-1',
      userId: 'u',
      content,
      sessionId: null,
      turnId: null,
      createdAt: new Date(),
    }),
    gate: {
      request: async () => ({
        decided: Promise.resolve({ status: 'APPROVED', resolvedBy: null, decisionReason: null }),
      }),
    },
    ...overrides,
  };
}
