/**
 * Before a session is deleted its turns stop: the running one (the lease holder) and
 * the queued ones (their records), on whichever instance runs them, each ending with
 * its DoneEvent CANCELLED as after cancelChat. Only then is the session deleted, so no
 * turn of it writes afterwards: nothing of the deleted session (tool calls, messages,
 * events, usage) lands in a new session that reuses its id.
 */
import type { QueuedTurnDoc, SessionDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import type { CancelOutcome } from '../errors.js';
import type { EventBus } from '../fanout/bus.js';

export interface SessionStopDeps {
  store: Store;
  bus: EventBus;
  cancel(turnId: string, userId: string): Promise<CancelOutcome>;
  /**
   * How long to wait for the turns' DoneEvents. A turn whose instance died sends none:
   * it writes nothing either, and the deletion goes on without it.
   */
  waitMs: number;
}

/** Cancels the session's turns and resolves once their DoneEvents are stored (or waitMs passed). */
export async function stopTurnsOf(deps: SessionStopDeps, session: SessionDoc): Promise<void> {
  const { store, bus } = deps;
  const turnIds = await turnsOf(store, session);
  if (turnIds.size === 0) return;
  let allDone = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const unsubscribe = await bus.subscribe(session._id, {
    event: (event) => {
      if (event.type !== 'done' || !turnIds.delete(event.turnId)) return;
      if (turnIds.size === 0) allDone();
    },
    ended: () => {},
    resync: () => {},
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // A cancel that cannot reach the turn's instance (Redis away) fails the deletion:
    // deleting under a turn that still runs is what this prevents.
    await Promise.all([...turnIds].map((turnId) => deps.cancel(turnId, session.userId)));
    // Turns that ended before we listened are no longer in the store's view.
    const still = await turnsOf(store, session);
    for (const turnId of [...turnIds]) if (!still.has(turnId)) turnIds.delete(turnId);
    if (turnIds.size === 0) return;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deps.waitMs);
    });
    await Promise.race([done, waited]);
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}

/** The running turn (an unexpired lease) and the queued ones (onBusy reads them too). */
export async function turnsOf(store: Store, session: SessionDoc): Promise<Set<string>> {
  const current = await store.getSession(session._id);
  const turnIds = new Set<string>();
  if (!current || current.incarnation !== session.incarnation) return turnIds;
  const lease = current.lease;
  // A recovery (leases/sweeper.ts) closes dead turns and sends their DoneEvents, not its own.
  if (lease && lease.until.getTime() > Date.now() && !lease.turnId.startsWith('recovery:')) {
    turnIds.add(lease.turnId);
  }
  for (const queued of await store.queuedTurns.of(session._id)) {
    if (isWaiting(queued)) turnIds.add(queued._id);
  }
  return turnIds;
}

/**
 * Whether a queue record is a turn still in line: not cancelled, and renewed by a live
 * instance (one past `until` is a dead instance's: the sweeper closes it, nobody waits).
 */
export function isWaiting(record: QueuedTurnDoc, now = Date.now()): boolean {
  return !record.cancelled && record.until.getTime() > now;
}
