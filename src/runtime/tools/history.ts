/**
 * ToolContext.history: the session's latest messages before the running turn, so an
 * agent that keeps no state of its own (a model) sees the conversation so far.
 */
import type { MessageDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import type { HistoryMessage } from '../agents/agent.js';
import { branchBefore } from '../branches/branch-history.js';

export interface HistoryScope {
  sessionId: string;
  turnId: string;
  /** The message the turn answers: a branched session's history is the branch up to it. */
  userMessageId: string;
}

const asHistory = (m: MessageDoc): HistoryMessage => ({ role: m.role, content: m.content });

export async function sessionHistory(
  store: Store,
  { sessionId, turnId, userMessageId }: HistoryScope,
  limit: number,
): Promise<HistoryMessage[]> {
  if (limit <= 0) return [];
  const branch = await branchBefore(store, sessionId, userMessageId, limit + 2);
  if (branch) {
    const earlier = branch.filter((m) => m.turnId !== turnId && m.content !== '');
    return earlier.slice(-limit).map(asHistory);
  }
  // One turn runs per session at a time, so only this turn's own messages (its user
  // message, stored before the agent runs) can be newer than the history wanted.
  const page = await store.messages.list(sessionId, { limit: limit + 2, fromEnd: true });
  return page
    .filter((m: MessageDoc) => m.turnId !== turnId && m.content !== '')
    .slice(0, limit)
    .reverse()
    .map(asHistory);
}
