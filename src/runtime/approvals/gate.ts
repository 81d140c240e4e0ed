/**
 * A turn's tool gate (agents/agent.ts, ToolGate): a call whose tool needs approval is
 * stored as a PENDING approval, then announced with a ToolApprovalRequestEvent, and
 * waits: woken by a decision (ApprovalDesk, on any instance), polling the store every
 * TOOL_APPROVAL_POLL_MS as a backstop for a lost notice (and after a failed read), until the approval's deadline, when it expires through
 * the same one-winner decision (an answer that lands first still counts). The turn's
 * lease is renewed all along (leases/lease.ts); a cancelled turn stops waiting at once,
 * and the turn's end (close) stops every wait and expires what is left.
 */
import { randomUUID } from 'node:crypto';
import type { ApprovalDecision, ApprovalDoc } from '../../model/documents.js';
import type { AgentEventBody } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { ToolCallRequest, ToolDecision, ToolGate } from '../agents/agent.js';
import { NOT_ASKED } from '../tools/gated.js';
import { expireApprovalsOfTurn, expiredBy } from './expire.js';
import type { ApprovalPolicy } from './policy.js';
import type { ApprovalWaiters } from './waiters.js';

export interface GateOptions {
  store: Store;
  policy: ApprovalPolicy;
  waiters: ApprovalWaiters;
  turn: { sessionId: string; turnId: string; userId: string };
  emit: (body: AgentEventBody) => void;
  signal: AbortSignal;
}

export class TurnGate implements ToolGate {
  /** Approvals this turn asked for; the turn's end expires any still pending. */
  private asked = 0;
  /** Aborted by close(): no wait outlives its turn, nor emits after its DoneEvent. */
  private readonly closed = new AbortController();
  private readonly signal: AbortSignal;

  constructor(private readonly o: GateOptions) {
    this.signal = AbortSignal.any([o.signal, this.closed.signal]);
  }

  async request(call: ToolCallRequest): Promise<{ decided: Promise<ToolDecision> }> {
    const reason = this.o.policy.reasonFor(call.toolName);
    if (reason === null) return { decided: Promise.resolve(NOT_ASKED) };
    const { sessionId, turnId, userId } = this.o.turn;
    const requestedAt = new Date();
    const approval: ApprovalDoc = {
      _id: randomUUID(),
      sessionId,
      userId,
      turnId,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      toolArgs: call.toolArgs ?? null,
      reason,
      status: 'PENDING',
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + this.o.policy.timeoutMs),
      resolvedAt: null,
      resolvedBy: null,
      decisionReason: null,
    };
    this.signal.throwIfAborted();
    // Counted first: an insert whose answer was lost may still have landed (close() looks).
    this.asked++;
    // Stored before it is announced: a client that sees the event finds it pending.
    await this.o.store.approvals.add(approval);
    const { _id: approvalId, toolCallId, toolName, toolArgs, expiresAt } = approval;
    this.o.emit({
      type: 'toolApprovalRequest',
      ...{ approvalId, toolCallId, toolName, toolArgs, reason, expiresAt },
    });
    const decided = this.wait(approval);
    decided.catch(() => undefined); // an agent cancelled before it awaited this
    return { decided };
  }

  /**
   * At the turn's end, whatever happened: every wait stops (none may emit after the
   * DoneEvent), and what this turn asked for and nobody answered expires.
   */
  async close(why: string): Promise<void> {
    this.closed.abort(new Error(why));
    if (this.asked > 0) await expireApprovalsOfTurn(this.o.store, this.o.turn.turnId, why);
  }

  private async wait(approval: ApprovalDoc): Promise<ToolDecision> {
    const { pollMs } = this.o.policy;
    const pause = new WakeablePause(this.signal);
    const unregister = this.o.waiters.add(approval._id, () => pause.wake());
    try {
      for (;;) {
        let decision: ApprovalDecision | null = null;
        let failed = false;
        try {
          decision = await this.decisionOrExpiry(approval);
        } catch {
          failed = true; // asked again after a pause: only a decision or the turn's end stops it
        }
        if (decision) return this.announce(approval, decision);
        const left = approval.expiresAt.getTime() - Date.now();
        await pause.for(failed || left <= 0 ? pollMs : Math.min(left, pollMs));
      }
    } finally {
      unregister();
    }
  }

  private async decisionOrExpiry(approval: ApprovalDoc): Promise<ApprovalDecision | null> {
    const { approvals } = this.o.store;
    const decision = await approvals.decisionOf(approval._id);
    if (decision || Date.now() < approval.expiresAt.getTime()) return decision;
    const timeout = `not answered within ${this.o.policy.timeoutMs} ms, TOOL_APPROVAL_TIMEOUT_MS`;
    const decided = await approvals.decide(approval._id, expiredBy(timeout));
    // Gone (its session deleted): it expires all the same.
    return { ...expiredBy(timeout), ...(decided && decisionOf(decided.approval)) };
  }

  private announce(approval: ApprovalDoc, decision: ApprovalDecision): ToolDecision {
    // Read just as the turn ended: the turn is over, its stream too.
    this.signal.throwIfAborted();
    this.o.emit({
      type: 'toolApprovalResolved',
      approvalId: approval._id,
      toolCallId: approval.toolCallId,
      toolName: approval.toolName,
      decision: decision.status,
      resolvedBy: decision.resolvedBy,
      reason: decision.decisionReason,
    });
    const { status, resolvedBy, decisionReason } = decision;
    return { status, resolvedBy, decisionReason };
  }
}

/** The decision an approval document holds, when it holds one. */
function decisionOf(approval: ApprovalDoc): Partial<ApprovalDecision> {
  if (approval.status === 'PENDING') return {};
  const { status, resolvedBy, decisionReason } = approval;
  return { status, resolvedBy, decisionReason, resolvedAt: approval.resolvedAt ?? new Date() };
}

/** A pause that a wake-up ends early and an abort ends with the abort's reason. */
class WakeablePause {
  private woken = false;
  private end: (() => void) | null = null;

  constructor(private readonly signal: AbortSignal) {}

  wake(): void {
    this.woken = true;
    this.end?.();
  }

  for(ms: number): Promise<void> {
    const { signal } = this;
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.end = null;
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = () => finish(signal.reason);
      const timer = setTimeout(() => finish(), ms);
      this.end = () => finish();
      signal.addEventListener('abort', onAbort, { once: true });
      // A decision that arrived while the store was being read wakes the next pause.
      if (signal.aborted) onAbort();
      else if (this.woken) finish();
      this.woken = false;
    });
  }
}
