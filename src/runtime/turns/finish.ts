/**
 * The end of a turn, in the order the guarantees need: tool calls and the agent
 * message stored, then the turn's done() (the DoneEvent stored, usage, nextSeq and
 * the lease settled in one update, then the DoneEvent published), so a subscriber
 * that sees the DoneEvent can read the finished session.
 */
import type { TurnStatus } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import type { AgentResult } from '../agents/agent.js';
import { newMessage } from './outcome.js';
import type { Turn } from './turn.js';
import type { TurnOutcome } from './types.js';

export interface TurnEnding {
  store: Store;
  turn: Turn;
  status: TurnStatus;
  error: string | null;
  result: Partial<AgentResult>;
  durationMs: number;
  /**
   * Where the agent message goes: under the user message it answers (absent: the active
   * leaf); null: no agent message (a branch turn cancelled before it ran).
   */
  reply?: { parentId?: string; forks?: boolean } | null;
}

export async function storeTurnEnd(end: TurnEnding): Promise<TurnOutcome> {
  const { store, turn, status, error, result, durationMs, reply: place = {} } = end;
  const { sessionId, turnId, record } = turn;
  const reply = status === 'COMPLETED' ? (result.reply ?? record.reply) : record.reply;
  const usage = result.usage ?? record.usage;
  const toolCalls = record.finishedToolCalls();
  const meta = {
    phase: result.phase ?? null,
    seedId: result.seedId ?? null,
    evaluationPassed: result.evaluationPassed ?? null,
  };
  await store.insertToolCalls(toolCalls);
  const agentMessage = newMessage(sessionId, turnId, 'AGENT', reply, {
    status,
    error,
    usage,
    durationMs,
    ...meta,
  });
  if (place) await store.appendMessage({ ...agentMessage, ...place });
  const doneBody = {
    type: 'done' as const,
    status,
    reply,
    error,
    projectTag: result.projectTag ?? null,
    durationMs,
    toolCalls,
    ...meta,
  };
  const { session } = await turn.done(doneBody, usage);
  return { turnId, sessionId, status, reply, error, durationMs, usage, toolCalls, result, session };
}
