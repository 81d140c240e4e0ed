/** Session.queuedTurns, and whether a session is busy (a turn runs or waits, on any instance). */
import type { SessionDoc } from '../model/documents.js';
import { turnsOf } from '../runtime/turns/session-stop.js';
import type { Context } from './context.js';

/** What a ChatTurn shows of a turn that has been started. */
export interface ChatTurnShape {
  id: string;
  sessionId: string;
  status: 'RUNNING';
  firstSeq: number;
}

/** The turns waiting for the session, in the order they will run. */
export async function queuedTurnsOf(ctx: Context, session: SessionDoc): Promise<ChatTurnShape[]> {
  const queued = await ctx.services.store.queuedTurns.of(session._id);
  // Each runs after everything stored so far: no event of it comes before nextSeq.
  return queued
    .filter((turn) => !turn.cancelled && turn.until.getTime() > Date.now())
    .map((turn) => ({
      id: turn._id,
      sessionId: session._id,
      status: 'RUNNING' as const,
      firstSeq: session.nextSeq,
    }));
}

export async function turnsInTheWay(ctx: Context, session: SessionDoc): Promise<string[]> {
  return [...(await turnsOf(ctx.services.store, session))];
}
