/**
 * One turn, start to end: the lease taken, the user message stored, the agent run
 * with every event going through the turn (turn.ts: stamped with the session's next
 * seq, no gaps, stored, then published); then the ending stored (finish.ts) and the
 * DoneEvent published last, whatever happened (completed, failed, cancelled).
 */
import type { Logger } from 'pino';
import type { MessageDoc, TurnStatus } from '../../model/documents.js';
import type { AgentEventBody } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { Agent, AgentResult } from '../agents/agent.js';
import { TurnGate } from '../approvals/gate.js';
import type { ApprovalPolicy } from '../approvals/policy.js';
import type { ApprovalWaiters } from '../approvals/waiters.js';
import { type HeldLease, holdLease, type LeaseOptions } from '../leases/lease.js';
import { storeTurnEnd } from './finish.js';
import { classify, describe, newMessage } from './outcome.js';
import { toolContextOf } from './tool-context.js';
import type { Turn } from './turn.js';
import type { TurnOutcome, TurnRequest } from './types.js';

export interface ExecutionDeps {
  store: Store;
  agent: Agent;
  logger: Logger;
  leaseOptions: LeaseOptions;
  approvals: { policy: ApprovalPolicy; waiters: ApprovalWaiters };
}

export interface TurnToRun {
  turn: Turn;
  req: TurnRequest;
  controller: AbortController;
  /** The lease, when the turn took it on admission (else it is taken here, waiting if held). */
  lease?: HeldLease | null;
}

export async function executeTurn(deps: ExecutionDeps, run: TurnToRun): Promise<TurnOutcome> {
  const { store, agent, logger } = deps;
  const { turn, req, controller } = run;
  const { sessionId, turnId } = turn;
  const started = performance.now();
  const lease = run.lease ?? (await holdLease(deps.leaseOptions, sessionId, turnId, controller));
  turn.begin(lease.nextSeq);
  const emit = (body: AgentEventBody) => {
    if (controller.signal.aborted) return; // nothing after cancel but the DoneEvent
    turn.emit(body);
  };

  let status: TurnStatus = 'COMPLETED';
  let error: string | null = null;
  let result: Partial<AgentResult> = {};
  /** The user message the reply answers, once it is known. */
  let answering: string | undefined;
  const { signal } = controller;
  const ids = { sessionId, turnId, userId: req.userId };
  const gate = new TurnGate({ store, ...deps.approvals, turn: ids, emit, signal });
  // An edit or regenerate cancelled while it waited leaves the tree as it was: its
  // branch was never wanted (a plain turn still stores its message and an empty reply).
  const unwanted = signal.aborted && req.placement !== undefined;
  try {
    if (unwanted) signal.throwIfAborted(); // ends CANCELLED, nothing stored but its DoneEvent
    const userMessage = await userMessageOf(store, turn, req);
    answering = userMessage._id;
    // Stored and published before the agent runs: every tab shows the message first.
    turn.emit({ type: 'turnStarted', userMessage });
    await turn.flush();
    const tools = toolContextOf(store, { ...ids, userMessageId: userMessage._id }, gate);
    controller.signal.throwIfAborted();
    result = await agent.run(
      { turnId, sessionId, userId: req.userId, content: req.content },
      tools,
      emit,
      controller.signal,
    );
    await turn.flush();
  } catch (err) {
    ({ status, error } = classify(err, controller.signal));
    if (status === 'FAILED') logger.warn({ turnId, sessionId, err: describe(err) }, 'turn failed');
  }
  // Events already emitted must be stored before the DoneEvent; a write that failed for
  // good fails the turn, and what was stamped but never stored is dropped: the DoneEvent
  // takes the next seq that is stored (turn.done). If even that fails, the turn ends
  // without a DoneEvent and the lease sweeper closes it at that seq later. The lease is
  // renewed until the end: the turn may be retrying its writes all along.
  await turn.flush().catch((err) => {
    status = 'FAILED';
    error = `event log write failed: ${describe(err)}`;
  });
  // A request the turn ended without (cancelled, failed) must not stay pending.
  await gate.close('the turn ended before it was answered').catch((err) => {
    logger.warn({ turnId, sessionId, err: describe(err) }, 'could not expire approvals');
  });

  const durationMs = Math.round(performance.now() - started);
  // A regenerated reply is a new branch beside the earlier replies.
  const forks = req.placement?.kind === 'regenerate';
  const reply = unwanted ? null : { parentId: answering, forks };
  const ending = { store, turn, status, error, result, durationMs, reply };
  const outcome = await storeTurnEnd(ending).finally(() => lease.stop());
  logTurnEnd(logger, outcome);
  return outcome;
}

/** The turn's user message: stored now (after the active leaf, or beside an edited one), or the one it answers again. */
async function userMessageOf(store: Store, turn: Turn, req: TurnRequest): Promise<MessageDoc> {
  const placement = req.placement;
  if (placement?.kind === 'regenerate') return placement.userMessage;
  const message = newMessage(turn.sessionId, turn.turnId, 'USER', req.content);
  if (placement?.kind === 'edit') {
    return store.appendMessage({ ...message, parentId: placement.parentId, forks: true });
  }
  return store.appendMessage(message);
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
