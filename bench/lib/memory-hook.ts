/**
 * Imported first by a bench server run with --expose-gc: on SIGUSR2 it collects
 * garbage and prints its heap and RSS as one `BENCH_MEMORY {...}` line, so the bench
 * measures what is live, not how much garbage happened to be waiting for a collection.
 */
process.on('SIGUSR2', () => {
  if (!globalThis.gc) throw new Error('memory-hook needs node --expose-gc');
  // Twice: the first collection can leave objects that only finalizers released.
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  process.stdout.write(`BENCH_MEMORY ${JSON.stringify({ heapUsed, rss })}\n`);
});
