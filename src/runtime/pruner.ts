/**
 * Automatic pruning, throttled per instance (as the original did once an hour):
 * idle and surplus sessions with everything they own, and events past retention.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';

export async function pruneNow(store: Store, config: Config, now = new Date()) {
  const removed = await store.pruneSessions({
    ttlHours: config.session.ttlHours,
    maxSessions: config.session.maxSessions,
    now,
  });
  const eventsRemoved =
    config.eventRetentionHours > 0
      ? await store.pruneEvents(new Date(now.getTime() - config.eventRetentionHours * 3_600_000))
      : 0;
  return { sessionsRemoved: removed.length, eventsRemoved };
}

/** Returns a hook that runs pruneNow in the background at most once per interval. */
export function createAutoPruner(store: Store, config: Config, logger: Logger): () => void {
  let lastRun = 0;
  let running = false;
  return () => {
    if (!config.session.autoPrune || running) return;
    const now = Date.now();
    if (now - lastRun < config.session.pruneIntervalS * 1000) return;
    lastRun = now;
    running = true;
    pruneNow(store, config)
      .then((result) => logger.info(result, 'auto-prune done'))
      .catch((err) => logger.warn({ err }, 'auto-prune failed'))
      .finally(() => {
        running = false;
      });
  };
}
