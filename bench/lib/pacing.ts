/**
 * Paced emission for the latency and overload runs. W0 keeps a fixed schedule, so it
 * gets the exact interval. Parley's local agent waits a whole number of ms after each
 * token, and when the work of sending the previous event does not all fit in that wait
 * it adds to it; so a run at the nominal interval measures that overhead, and the
 * interval is shortened by it (down to 1 ms, as fast as the agent goes).
 */

/** Parley's token delay (whole ms, at least 1) for `perSecond` events, given the overhead. */
export function intervalFor(perSecond: number, overheadMs = 0): number {
  return Math.max(1, Math.floor(1000 / perSecond - overheadMs));
}

/** How much longer than `intervalMs` each event took in a run that reached `achieved` per second. */
export function overheadOf(intervalMs: number, achieved: number): number {
  return Number.isFinite(achieved) && achieved > 0 ? Math.max(0, 1000 / achieved - intervalMs) : 0;
}
