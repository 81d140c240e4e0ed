/**
 * The session lease: the cross-instance half of "one turn per session". A turn
 * takes the lease (free or expired) before it writes anything, renews it while it
 * runs and releases it in finishTurn. Holding the lease is what makes it safe to
 * number the session's events in memory: nobody else writes them meanwhile.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Lease } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import { LeaseLostError, SessionNotFoundError, TurnClosedElsewhereError } from '../errors.js';

export interface LeaseOptions {
  store: Store;
  /** This instance's id, recorded in the lease. */
  owner: string;
  leaseMs: number;
  /** How often a waiting turn retries a held lease. */
  pollMs?: number;
  /**
   * Closes the turn of an expired lease (crashed instance), whose events have
   * seq > afterSeq, and that instance's queued turns; returns the next free seq.
   */
  closeOrphan?: (
    sessionId: string,
    orphan: Lease,
    afterSeq: number,
    nextSeq: number,
  ) => Promise<number>;
  /**
   * Deletes the turn's queue record once it holds the lease (turns/queued.ts); false
   * when another instance closed the turn meanwhile, which then gives the lease back
   * and throws TurnClosedElsewhereError instead of running.
   */
  claim?: () => Promise<boolean>;
}

export interface HeldLease {
  /** The seq the turn's first event gets. */
  nextSeq: number;
  /** Stops renewing (finishTurn releases the lease itself). */
  stop(): void;
}

export async function holdLease(
  opts: LeaseOptions,
  sessionId: string,
  turnId: string,
  controller: AbortController,
): Promise<HeldLease> {
  const pollMs = opts.pollMs ?? Math.min(250, opts.leaseMs / 4);
  for (;;) {
    const held = await takeLease(opts, sessionId, turnId, controller);
    if (held) return held;
    if (!(await opts.store.getSession(sessionId))) throw new SessionNotFoundError(sessionId);
    // Held by a live turn elsewhere: wait. A cancelled turn waits too, because it still
    // stores its message and DoneEvent, and only the lease holder may write them.
    await delay(pollMs);
  }
}

/** One attempt of holdLease: null while a live turn holds the lease. */
export async function takeLease(
  opts: LeaseOptions,
  sessionId: string,
  turnId: string,
  controller: AbortController,
): Promise<HeldLease | null> {
  const { store, owner, leaseMs } = opts;
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  const before = await store.acquireLease(sessionId, { turnId, owner, until }, now);
  if (!before) return null;
  const orphan = before.lease;
  // A free lease was released by finishTurn, which recorded nextSeq after the turn's
  // DoneEvent: the log is not read (the costliest query of a turn on FerretDB). An
  // expired one's holder may have stored events after its last finishTurn: read it.
  // (A holder that lost its lease without knowing it yet, in a long pause, may still
  // write past a free lease's nextSeq: the new turn's first write then meets a taken
  // seq and renumbers after the last stored event, turn.ts, as for any collision.)
  let nextSeq = orphan
    ? Math.max(before.nextSeq, (await store.lastEventSeq(sessionId)) + 1)
    : before.nextSeq;
  if (orphan && orphan.turnId !== turnId && opts.closeOrphan) {
    nextSeq = await opts.closeOrphan(sessionId, orphan, before.nextSeq - 1, nextSeq);
  }
  if (opts.claim && !(await opts.claim())) {
    await store.finishTurn(sessionId, turnId, nothingDone(nextSeq));
    throw new TurnClosedElsewhereError();
  }
  return { nextSeq, stop: renewWhileRunning(store, sessionId, turnId, leaseMs, controller) };
}

/** A lease's end for a turn that wrote nothing: no usage, the next seq unchanged. */
function nothingDone(nextSeq: number) {
  return { usage: { inputTokens: 0, outputTokens: 0 }, nextSeq, now: new Date() };
}

/** Releases a lease whose turn will not run after all; a failure leaves it to expire. */
export async function giveBack(
  store: Store,
  sessionId: string,
  turnId: string,
  lease: HeldLease,
): Promise<void> {
  lease.stop();
  await store.finishTurn(sessionId, turnId, nothingDone(lease.nextSeq)).catch(() => undefined);
}

function renewWhileRunning(
  store: Store,
  sessionId: string,
  turnId: string,
  leaseMs: number,
  controller: AbortController,
): () => void {
  // One renewal at a time: while the database is away each one waits for it, and renewals
  // piling up in the session's write queue would hold up the turn's own writes behind them.
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    store
      .renewLease(sessionId, turnId, new Date(Date.now() + leaseMs))
      .then(
        (held) => {
          if (!held && !controller.signal.aborted) controller.abort(new LeaseLostError());
        },
        () => undefined, // a failed renewal is retried on the next tick; expiry is the backstop
      )
      .finally(() => {
        renewing = false;
      });
  }, leaseMs / 3);
  timer.unref();
  return () => clearInterval(timer);
}
