/**
 * A turn's admission on this instance, one per session at a time: onBusy decides
 * first (busy.ts), then the turn either takes the session's lease at once (nothing
 * waits for the session here and the lease is free), or is recorded in the store as
 * waiting (queued.ts). Either covers it from here on: if this instance dies, the lease
 * expires and the sweeper closes the turn, or the next lease holder closes the record.
 * A turn that can run at once thus costs no record (two round trips fewer).
 */
import type { SessionDoc } from '../../model/documents.js';
import { type HeldLease, type LeaseOptions, takeLease } from '../leases/lease.js';
import { type BusyDeps, clearTheWay } from './busy.js';
import type { QueuedTurns } from './queued.js';
import type { SessionQueues } from './session-queue.js';
import type { TurnRequest } from './types.js';

export interface AdmissionDeps extends BusyDeps {
  queues: SessionQueues;
  queued: QueuedTurns;
  leaseOptions: LeaseOptions;
}

export interface Admitted {
  turnId: string;
  controller: AbortController;
}

/** The lease when the turn took it at once; null when it waits (recorded). */
export async function admit(
  deps: AdmissionDeps,
  session: SessionDoc,
  req: TurnRequest,
  turn: Admitted,
): Promise<HeldLease | null> {
  const sessionId = session._id;
  await clearTheWay(deps, session, req);
  deps.queues.assertRoom(sessionId); // before writing anything (checked again when queued)
  if (deps.queues.isIdle(sessionId)) {
    const { turnId, controller } = turn;
    const lease = await takeLease(deps.leaseOptions, sessionId, turnId, controller);
    if (lease) return lease;
  }
  await deps.queued.add(turn.turnId, sessionId, req);
  return null;
}
