/** Shutdown's wait for this instance's turns (TurnRunner.drain). */
import { TurnCancelledError } from '../errors.js';
import type { RunningHere } from './types.js';

/**
 * Lets the turns finish for up to `graceMs`, then cancels the rest through the normal
 * cancel path, so each still flushes its events and stores its DoneEvent (CANCELLED)
 * before this resolves.
 */
export async function drainTurns(
  turns: Map<string, RunningHere>,
  graceMs: number,
): Promise<{ finished: number; cancelled: number }> {
  const started = [...turns.values()];
  const all = Promise.allSettled(started.map((t) => t.done));
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([all, graceOver]);
  clearTimeout(timer);
  let cancelled = 0;
  for (const turn of turns.values()) {
    if (turn.controller.signal.aborted) continue;
    turn.controller.abort(new TurnCancelledError());
    cancelled++;
  }
  await all;
  return { finished: started.length - cancelled, cancelled };
}
