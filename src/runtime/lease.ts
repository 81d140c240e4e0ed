/**
 * The session lease: the cross-instance half of "one turn per session". A turn
 * takes the lease (free or expired) before it writes anything, renews it while it
 * runs and releases it in finishTurn. Holding the lease is what makes it safe to
 * number the session's events in memory: nobody else writes them meanwhile.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Store } from '../store/store.js';
import { LeaseLostError, SessionNotFoundError } from './errors.js';

export interface LeaseOptions {
  store: Store;
  /** This instance's id, recorded in the lease. */
  owner: string;
  leaseMs: number;
  /** How often a waiting turn retries a held lease. */
  pollMs?: number;
  /**
   * Closes the turn of an expired lease (crashed instance), whose events have
   * seq > afterSeq; returns the next free seq.
   */
  closeOrphan?: (
    sessionId: string,
    orphanTurnId: string,
    afterSeq: number,
    nextSeq: number,
  ) => Promise<number>;
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
  const { store, owner, leaseMs } = opts;
  const pollMs = opts.pollMs ?? Math.min(250, leaseMs / 4);
  for (;;) {
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs);
    const before = await store.acquireLease(sessionId, { turnId, owner, until }, now);
    if (before) {
      // Events a crashed holder stored after its last finishTurn count too.
      let nextSeq = Math.max(before.nextSeq, (await store.lastEventSeq(sessionId)) + 1);
      const orphan = before.lease;
      if (orphan && orphan.turnId !== turnId && opts.closeOrphan) {
        nextSeq = await opts.closeOrphan(sessionId, orphan.turnId, before.nextSeq - 1, nextSeq);
      }
      return { nextSeq, stop: renewWhileRunning(store, sessionId, turnId, leaseMs, controller) };
    }
    if (!(await store.getSession(sessionId))) throw new SessionNotFoundError(sessionId);
    // Held by a live turn elsewhere: wait. A cancelled turn waits too, because it still
    // stores its message and DoneEvent, and only the lease holder may write them.
    await delay(pollMs);
  }
}

function renewWhileRunning(
  store: Store,
  sessionId: string,
  turnId: string,
  leaseMs: number,
  controller: AbortController,
): () => void {
  const timer = setInterval(() => {
    store.renewLease(sessionId, turnId, new Date(Date.now() + leaseMs)).then(
      (held) => {
        if (!held && !controller.signal.aborted) controller.abort(new LeaseLostError());
      },
      () => undefined, // a failed renewal is retried on the next tick; expiry is the backstop
    );
  }, leaseMs / 3);
  timer.unref();
  return () => clearInterval(timer);
}
