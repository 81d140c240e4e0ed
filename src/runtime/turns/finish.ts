/**
 * The end of a turn, in the order the guarantees need: tool calls and the agent
 * message stored, then the DoneEvent stored, then usage, nextSeq and the lease
 * settled in one update. The caller publishes the DoneEvent afterwards, so a
 * subscriber that sees it can read the finished session.
 */
import type { TurnStatus } from '../../model/documents.js';
import type { EventBody, SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { AgentResult } from '../agents/agent.js';
import { newMessage } from './outcome.js';
import type { TurnRecord } from './record.js';
import type { TurnOutcome } from './types.js';

export interface TurnEnding {
  store: Store;
  record: TurnRecord;
  status: TurnStatus;
  error: string | null;
  result: Partial<AgentResult>;
  durationMs: number;
  /** Numbers an event with the session's next seq. */
  stamp: (body: EventBody) => SessionEvent;
  /** Stores the DoneEvent after the turn's other events (EventLogWriter.storeLast). */
  storeLast: (event: SessionEvent) => Promise<SessionEvent>;
}

export async function storeTurnEnd(
  end: TurnEnding,
): Promise<{ done: SessionEvent; outcome: TurnOutcome }> {
  const { store, record, status, error, result, durationMs } = end;
  const { sessionId, turnId } = record;
  const reply = status === 'COMPLETED' ? (result.reply ?? record.reply) : record.reply;
  const usage = result.usage ?? record.usage;
  const toolCalls = record.finishedToolCalls();
  const meta = {
    phase: result.phase ?? null,
    seedId: result.seedId ?? null,
    evaluationPassed: result.evaluationPassed ?? null,
  };
  await store.insertToolCalls(toolCalls);
  await store.appendMessage(
    newMessage(sessionId, turnId, 'AGENT', reply, { status, error, usage, durationMs, ...meta }),
  );
  const stamped = end.stamp({
    type: 'done',
    status,
    reply,
    error,
    projectTag: result.projectTag ?? null,
    durationMs,
    toolCalls,
    ...meta,
  });
  const done = await end.storeLast(stamped);
  await store.finishTurn(sessionId, turnId, { usage, nextSeq: done.seq + 1, now: new Date() });
  const outcome = { turnId, sessionId, status, reply, error, durationMs, usage, toolCalls, result };
  return { done, outcome };
}
