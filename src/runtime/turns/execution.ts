/**
 * One turn, start to end: the lease taken, the user message stored, the agent run
 * with every event stamped (the session's next seq, no gaps), stored, then
 * published; then the ending stored (turn-finish.ts) and the DoneEvent published
 * last, whatever happened (completed, failed, cancelled).
 */
import type { Logger } from 'pino';
import type { SessionDoc, TurnStatus } from '../../model/documents.js';
import type { AgentEventBody, EventBody, SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { Agent, AgentResult, ToolContext } from '../agents/agent.js';
import { recallMessages } from '../agents/recall.js';
import type { EventBus } from '../fanout/bus.js';
import { holdLease, type LeaseOptions } from '../leases/lease.js';
import { sessionHistory } from '../tools/history.js';
import { EventLogWriter } from './event-log.js';
import { storeTurnEnd } from './finish.js';
import { classify, describe, newMessage } from './outcome.js';
import { TurnRecord } from './record.js';
import type { TurnOutcome, TurnRequest } from './types.js';

export interface ExecutionDeps {
  store: Store;
  bus: EventBus;
  agent: Agent;
  logger: Logger;
  leaseOptions: LeaseOptions;
  onEventPublished?: (event: SessionEvent) => void;
  /** Publishes the DoneEvent (to the bus and the publish hook). */
  publish: (event: SessionEvent) => void;
  /** Tells the runner the session's next free seq (its firstSeq hint for queued turns). */
  onNextSeq: (next: number) => void;
}

export interface TurnToRun {
  turnId: string;
  session: SessionDoc;
  req: TurnRequest;
  controller: AbortController;
}

export async function executeTurn(deps: ExecutionDeps, turn: TurnToRun): Promise<TurnOutcome> {
  const { store, bus, agent, logger } = deps;
  const { turnId, session, req, controller } = turn;
  const { _id: sessionId, incarnation } = session;
  const started = performance.now();
  const lease = await holdLease(deps.leaseOptions, sessionId, turnId, controller);
  let nextSeq = lease.nextSeq;
  const writer = new EventLogWriter(store, bus, {
    // Within the lease: renewals fail during the same outage, and the lease must still
    // be ours when the retried batch lands.
    retryForMs: deps.leaseOptions.leaseMs / 2,
    onPublished: deps.onEventPublished,
    onRenumbered: (next) => {
      nextSeq = next;
      deps.onNextSeq(next);
    },
  });
  const record = new TurnRecord(sessionId, turnId);
  const stamp = (body: EventBody): SessionEvent =>
    ({ ...body, seq: nextSeq++, sessionId, turnId, at: new Date(), incarnation }) as SessionEvent;
  const emit = (body: AgentEventBody) => {
    if (controller.signal.aborted) return; // nothing after cancel but the DoneEvent
    const event = stamp(body);
    deps.onNextSeq(nextSeq);
    record.observe(event);
    writer.write(event);
  };

  let status: TurnStatus = 'COMPLETED';
  let error: string | null = null;
  let result: Partial<AgentResult> = {};
  try {
    await store.appendMessage(newMessage(sessionId, turnId, 'USER', req.content));
    const tools: ToolContext = {
      recall: (q) => recallMessages(store, sessionId, turnId, q),
      history: (limit) => sessionHistory(store, sessionId, turnId, limit),
    };
    controller.signal.throwIfAborted();
    result = await agent.run(
      { turnId, sessionId, userId: req.userId, content: req.content },
      tools,
      emit,
      controller.signal,
    );
    await writer.flush();
  } catch (err) {
    ({ status, error } = classify(err, controller.signal));
    if (status === 'FAILED') logger.warn({ turnId, sessionId, err: describe(err) }, 'turn failed');
  }
  // Events already emitted must be stored before the DoneEvent; a write that failed for
  // good fails the turn, and what was stamped but never stored is dropped: the DoneEvent
  // takes the next seq that is stored (storeLast). If even that fails, the turn ends
  // without a DoneEvent and the lease sweeper closes it at that seq later. The lease is
  // renewed until the end: the writer may be retrying all along.
  await writer.flush().catch((err) => {
    status = 'FAILED';
    error = `event log write failed: ${describe(err)}`;
  });

  const durationMs = Math.round(performance.now() - started);
  const ending = {
    store,
    record,
    status,
    error,
    result,
    durationMs,
    stamp,
    storeLast: (event: SessionEvent) => writer.storeLast(event),
  };
  const { done, outcome } = await storeTurnEnd(ending).finally(() => lease.stop());
  deps.publish(done);
  logTurnEnd(logger, outcome);
  return outcome;
}

/** One info line per turn, for operators: ids, status, time and counts; never content. */
function logTurnEnd(logger: Logger, outcome: TurnOutcome): void {
  const { sessionId, turnId, status, durationMs, usage, toolCalls } = outcome;
  logger.info(
    {
      sessionId,
      turnId,
      status,
      durationMs,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      toolCallCount: toolCalls.length,
    },
    'turn ended',
  );
}
