/**
 * Runs turns: user message stored -> agent runs -> events stamped (seq from the
 * session's next, no gaps), stored and published -> agent message, tool calls and
 * usage stored -> DoneEvent last, whatever happened (completed, failed, cancelled).
 * One turn per session at a time: a local FIFO queue, across instances the session
 * lease (leases/lease.ts), and onBusy (busy.ts). Until it holds the lease a turn is also
 * recorded in the store, so that it is closed, not lost, if this instance dies (queued.ts).
 * Every event (a running turn's, or the DoneEvent closing a dead one) goes through a Turn.
 */
import { randomUUID } from 'node:crypto';
import { KeyedQueue } from '../../lib/keyed-queue.js';
import type { SessionDoc } from '../../model/documents.js';
import {
  type CancelOutcome,
  SessionNotFoundError,
  ShuttingDownError,
  TurnCancelledError,
  TurnClosedElsewhereError,
} from '../errors.js';
import { giveBack, type HeldLease, type LeaseOptions } from '../leases/lease.js';
import { admit } from './admission.js';
import { drainTurns } from './drain.js';
import { executeTurn } from './execution.js';
import { closeDeadTurns, interruptedOutcome, QueuedTurns } from './queued.js';
import { recoverSession } from './recovery.js';
import { SessionQueues } from './session-queue.js';
import { titleFromMessage } from './title.js';
import { type EventLog, Turn } from './turn.js';
import type {
  RunningHere,
  StartedTurn,
  TurnOutcome,
  TurnRequest,
  TurnRunnerOptions,
} from './types.js';

export type { StartedTurn, TurnOutcome, TurnRequest, TurnRunnerOptions } from './types.js';

export class TurnRunner {
  private readonly queues: SessionQueues;
  private readonly turns = new Map<string, RunningHere>();
  private readonly admissions = new KeyedQueue();
  private shuttingDown = false;
  /** The turn running here per session: its next seq is a better firstSeq hint. */
  private readonly running = new Map<string, Turn>();

  private readonly log: EventLog;
  private readonly leaseOptions: LeaseOptions;
  private readonly queued: QueuedTurns;

  constructor(private readonly opts: TurnRunnerOptions) {
    this.log = { store: opts.store, bus: opts.bus, onSettled: opts.onTurnSettled };
    this.queues = new SessionQueues(opts.queueLimit);
    this.queued = new QueuedTurns(opts.store, opts.lease.owner, opts.lease.leaseMs);
    this.leaseOptions = {
      ...opts.lease,
      store: opts.store,
      closeOrphan: (sessionId, { turnId, owner }, afterSeq, nextSeq) =>
        closeDeadTurns(this.log, this.queued, sessionId, nextSeq, { turnId, owner, afterSeq }),
    };
  }

  /** Starts answering other instances' cancel requests. */
  async listen(): Promise<void> {
    const { registry, approvals } = this.opts;
    registry.onApprovalNotice((id) => approvals.waiters.wake(id));
    await registry.onCancelRequest((turnId, userId) => this.cancelHere(turnId, userId));
  }

  /** Validated input only; resolves once the turn is queued, with its outcome as `done`. */
  async start(req: TurnRequest): Promise<StartedTurn> {
    this.refuseWhileDraining();
    const { store } = this.opts;
    const sessionId = req.sessionId ?? randomUUID();
    const { session, created } = await store.ensureSession({
      id: sessionId,
      userId: req.userId,
      projectId: req.projectId ?? null,
      title: titleFromMessage(req.content),
      now: new Date(),
    });
    // Someone else's session looks exactly like a missing one.
    if (session.userId !== req.userId) throw new SessionNotFoundError(sessionId, true);
    if (created) this.opts.onSessionCreated?.(session);
    const turnId = randomUUID();
    const controller = new AbortController();
    const cancel = (id: string) => this.cancel(id, req.userId);
    const { queues, queued, leaseOptions } = this;
    const deps = { ...this.opts, cancel, queues, queued, leaseOptions };
    // One admission per session at a time here, so onBusy sees every turn admitted before.
    // From here on the turn runs, or is closed if this instance dies (admission.ts).
    const lease = await this.admissions.run(sessionId, () =>
      admit(deps, session, req, { turnId, controller }),
    );
    const firstSeq =
      lease?.nextSeq ?? Math.max(session.nextSeq, this.running.get(sessionId)?.nextSeq ?? 1);
    let done: Promise<TurnOutcome>;
    try {
      // Again after the awaits: drain() must see every turn it has to wait for.
      this.refuseWhileDraining();
      const task = () => this.run(turnId, session, req, controller, lease);
      done = this.queues.enqueue(sessionId, task);
    } catch (err) {
      // Never queued after all: its lease goes back, or its record goes.
      if (lease) void giveBack(this.opts.store, sessionId, turnId, lease);
      else void this.queued.claim(turnId).catch(() => undefined);
      throw err;
    }
    this.turns.set(turnId, { controller, userId: req.userId, done });
    await this.opts.registry.register(turnId, req.userId);
    const forget = () => {
      this.turns.delete(turnId);
      void this.opts.registry.unregister(turnId).catch(() => undefined);
    };
    void done.then(forget, forget);
    return { turnId, sessionId, session, firstSeq, done };
  }

  /** Cancels the user's running or queued turn, wherever it runs; a queued one leaves the line. */
  async cancel(turnId: string, userId: string): Promise<CancelOutcome> {
    const outcome = this.turns.has(turnId)
      ? this.cancelHere(turnId, userId)
      : await this.opts.registry.requestCancel(turnId, userId);
    if (outcome === 'cancelled') await this.queued.markCancelled(turnId);
    return outcome;
  }

  private cancelHere(turnId: string, userId: string): CancelOutcome {
    const turn = this.turns.get(turnId);
    if (!turn || turn.controller.signal.aborted) return 'unknown';
    if (turn.userId !== userId) return 'denied';
    turn.controller.abort(new TurnCancelledError());
    return 'cancelled';
  }

  /** Turns of this instance, running or queued. */
  get activeTurns(): number {
    return this.turns.size;
  }

  /** True once drain() was called: no new turn starts here. */
  get draining(): boolean {
    return this.shuttingDown;
  }

  /**
   * Shutdown: refuses new turns, lets running and queued ones finish for up to
   * `graceMs`, then cancels the rest through the normal cancel path, so each still
   * flushes its events and stores its DoneEvent (CANCELLED) before this resolves.
   */
  async drain(graceMs: number): Promise<{ finished: number; cancelled: number }> {
    this.shuttingDown = true;
    return drainTurns(this.turns, graceMs);
  }

  private refuseWhileDraining(): void {
    if (this.shuttingDown) throw new ShuttingDownError();
  }

  /**
   * Closes the turns of dead instances on this session: an expired lease's and the
   * queued ones. False when a live turn holds the lease: the next sweep tries again.
   */
  recover(sessionId: string): Promise<boolean> {
    const deps = {
      store: this.opts.store,
      leaseOptions: this.leaseOptions,
      closeDeadQueued: (id: string, nextSeq: number) =>
        closeDeadTurns(this.log, this.queued, id, nextSeq),
    };
    return this.queues.enqueue(sessionId, () => recoverSession(deps, sessionId));
  }

  private async run(
    turnId: string,
    session: SessionDoc,
    req: TurnRequest,
    controller: AbortController,
    lease: HeldLease | null,
  ): Promise<TurnOutcome> {
    const { _id: sessionId, incarnation } = session;
    const { leaseMs } = this.leaseOptions;
    // Writes retried within the lease: it must still be ours when a retried batch lands.
    const turn = new Turn(this.log, { sessionId, turnId, incarnation }, leaseMs / 2);
    this.running.set(sessionId, turn);
    const leaseOptions = { ...this.leaseOptions, claim: () => this.queued.claim(turnId) };
    try {
      return await executeTurn({ ...this.opts, leaseOptions }, { turn, req, controller, lease });
    } catch (err) {
      // Closed by another instance while this one could not renew its record.
      if (err instanceof TurnClosedElsewhereError) return interruptedOutcome(turnId, sessionId);
      throw err;
    } finally {
      this.queued.forget(turnId);
      // Forgotten even if the database failed: the lease expires and the sweeper closes it.
      this.running.delete(sessionId);
      this.opts.afterTurn?.(session.userId);
    }
  }
}
