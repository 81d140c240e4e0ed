/**
 * A wait with an upper bound. Readiness probes and the start-up connection must answer
 * within a set time whatever their client would wait (the MongoDB driver waits for
 * server selection, ioredis retries for ever). Only the wait ends: the work itself is
 * left to its client's own timeouts, and its late result or failure is ignored.
 * A leaf: it imports nothing, so every layer (the store too) may use it.
 */

/** The work did not settle within its deadline. */
export class DeadlineError extends Error {}

export async function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
