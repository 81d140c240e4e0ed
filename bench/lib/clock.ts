/**
 * Wall-clock time with sub-millisecond precision, comparable with another process's
 * `new Date()` on the same machine: performance.now() anchored to Date.now() right at
 * one of its millisecond ticks, so the anchor itself is exact to a few microseconds.
 */
export function preciseWallClock(): () => number {
  const start = Date.now();
  let tick = start;
  // Spins for at most one millisecond.
  while (tick === start) tick = Date.now();
  const offset = tick - performance.now();
  return () => offset + performance.now();
}
