/** Session.queuedTurns: the turns waiting for a session, on any instance. */
import type { SessionDoc } from '../model/documents.js';
import { isWaiting } from '../runtime/turns/session-stop.js';
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
    .filter((turn) => isWaiting(turn))
    .map((turn) => ({
      id: turn._id,
      sessionId: session._id,
      status: 'RUNNING' as const,
      firstSeq: session.nextSeq,
    }));
}
