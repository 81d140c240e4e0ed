/**
 * What the lease sweeper does for one session: take its lease (free or expired, never
 * waiting for a live one), close the turns of dead instances (the expired lease's and
 * dead queued ones, queued.ts), and release the lease.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { type LeaseOptions, takeLease } from '../leases/lease.js';

export interface RecoveryDeps {
  store: Store;
  /** With a closeOrphan that closes the expired lease's turn. */
  leaseOptions: LeaseOptions;
  /** Closes the session's dead queued turns; the caller holds the lease. */
  closeDeadQueued: (sessionId: string, nextSeq: number) => Promise<number>;
}

/** False when a live turn holds the lease (or the session is gone): the next sweep tries again. */
export async function recoverSession(deps: RecoveryDeps, sessionId: string): Promise<boolean> {
  const { store } = deps;
  const recoveryId = `recovery:${randomUUID()}`;
  const lease = await takeLease(deps.leaseOptions, sessionId, recoveryId, new AbortController());
  if (!lease) {
    if (!(await store.getSession(sessionId))) await dropExpired(store, sessionId);
    return false;
  }
  lease.stop();
  const nextSeq = await deps.closeDeadQueued(sessionId, lease.nextSeq);
  const usage = { inputTokens: 0, outputTokens: 0 };
  await store.finishTurn(sessionId, recoveryId, { usage, nextSeq, now: new Date() });
  return true;
}

/** Expired records of a deleted session (deleted while they were written): nothing to close. */
async function dropExpired(store: Store, sessionId: string): Promise<void> {
  const now = Date.now();
  for (const turn of await store.queuedTurns.of(sessionId)) {
    if (turn.until.getTime() <= now) await store.queuedTurns.remove(turn._id);
  }
}
