/**
 * onBusy: what a new turn does when its session is busy (a turn runs there, on any
 * instance, or waits for it). ENQUEUE waits in line (the runner's queue and the lease);
 * REJECT refuses at once, before anything is stored; INTERRUPT cancels every turn in
 * the way (each ends with its DoneEvent CANCELLED, its partial reply kept), so the new
 * one runs next.
 */
import type { SessionDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import { type CancelOutcome, SessionBusyError } from '../errors.js';
import { turnsOf } from './session-stop.js';
import type { TurnRequest } from './types.js';

export interface BusyDeps {
  store: Store;
  queueLimit: number;
  cancel(turnId: string): Promise<CancelOutcome>;
}

export async function clearTheWay(deps: BusyDeps, session: SessionDoc, req: TurnRequest) {
  if (!req.onBusy || req.onBusy === 'ENQUEUE') return;
  const inTheWay = await turnsOf(deps.store, session);
  if (inTheWay.size === 0) return;
  if (req.onBusy === 'REJECT') throw new SessionBusyError(session._id, deps.queueLimit, true);
  await Promise.all([...inTheWay].map((turnId) => deps.cancel(turnId)));
}
