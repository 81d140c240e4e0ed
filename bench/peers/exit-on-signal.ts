/**
 * A peer exits through process.exit on SIGINT and SIGTERM rather than being killed by
 * the signal, so a `node --cpu-prof` run writes its profile (docs/performance-http.md).
 */
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
