/**
 * Automatic pruning. SESSION_MAX_SESSIONS is a per-user limit, enforced after a turn
 * of a user who created a session here since their last prune (one bounded query on
 * that user's sessions, so one user's flood prunes that user's oldest and nobody
 * else's; a turn on an existing session cannot add one, so it costs no query). The
 * global rules (idle sessions past the TTL, events past retention) run at most once
 * per interval per instance, as the original did once an hour. Every prune returns the removed session
 * ids, so what a removed session still has running can be ended.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { RemovedSession, Store } from '../../store/store.js';

/** Everything, for every user: the TTL rule, each user's surplus, old events (admin). */
export async function pruneNow(store: Store, config: Config, now = new Date()) {
  const removed = await store.pruneSessions({
    ttlHours: config.session.ttlHours,
    maxSessions: config.session.maxSessions,
    now,
  });
  const eventsRemoved = await pruneOldEvents(store, config, now);
  return { sessionsRemoved: removed.length, eventsRemoved, removed };
}

/** The global rules only (no per-user counting): idle sessions and old events. */
export async function pruneIdle(store: Store, config: Config, now = new Date()) {
  const rules = { ttlHours: config.session.ttlHours, maxSessions: 0, now };
  const removed = config.session.ttlHours > 0 ? await store.pruneSessions(rules) : [];
  const eventsRemoved = await pruneOldEvents(store, config, now);
  return { sessionsRemoved: removed.length, eventsRemoved, removed };
}

/** One user's sessions beyond SESSION_MAX_SESSIONS, oldest first; their ids. */
export async function pruneUserSurplus(
  store: Store,
  config: Config,
  userId: string,
  now = new Date(),
): Promise<RemovedSession[]> {
  if (config.session.maxSessions <= 0) return [];
  return store.pruneSessions({ ttlHours: 0, maxSessions: config.session.maxSessions, now, userId });
}

async function pruneOldEvents(store: Store, config: Config, now: Date): Promise<number> {
  if (config.eventRetentionHours <= 0) return 0;
  const cutoff = new Date(now.getTime() - config.eventRetentionHours * 3_600_000);
  // The viewer feed keeps its updates as long as the events (a cursor expires with them).
  // Best effort: a failure here must not keep the removed sessions from being announced.
  await store.sessionUpdates.prune(cutoff).catch(() => 0);
  return store.pruneEvents(cutoff);
}

export interface AutoPruner {
  /** A session of the user's was created here: for a turn (`turnFollows`), or a fork. */
  sessionCreated(userId: string, turnFollows: boolean): void;
  /** A turn of the user's ended here. */
  turnEnded(userId: string): void;
}

/**
 * The after-turn hook: the user's surplus after a turn of theirs that follows a
 * session created here (a turn that ends while that user's prune runs makes it run
 * once more, so the last session is always counted), and pruneIdle in the background
 * at most once per interval.
 */
export function createAutoPruner(
  store: Store,
  config: Config,
  logger: Logger,
  /** Hears of the sessions removed (so their subscriptions end and their owners' feeds say so). */
  onRemoved: (sessions: RemovedSession[]) => void = () => {},
): AutoPruner {
  let lastRun = 0;
  let idleRunning = false;
  /** Users being pruned now, and whether a turn of theirs ended meanwhile. */
  const running = new Map<string, boolean>();
  /** Users who may have more sessions than at their last prune. Bounded by the users active here. */
  const grown = new Set<string>();

  const pruneUser = async (userId: string) => {
    do {
      running.set(userId, false);
      const removed = await pruneUserSurplus(store, config, userId);
      if (removed.length > 0) {
        onRemoved(removed);
        logger.info({ userId, sessionsRemoved: removed.length }, 'auto-prune done');
      }
    } while (running.get(userId));
  };

  const turnEnded = (userId: string) => {
    if (!config.session.autoPrune) return;
    if (running.has(userId)) running.set(userId, true);
    else if (grown.delete(userId)) {
      pruneUser(userId)
        .catch((err) => {
          grown.add(userId); // not pruned: the user's next turn tries again
          logger.warn({ err, userId }, 'auto-prune of a user failed');
        })
        .finally(() => running.delete(userId));
    }
    const now = Date.now();
    if (idleRunning || now - lastRun < config.session.pruneIntervalS * 1000) return;
    lastRun = now;
    idleRunning = true;
    pruneIdle(store, config)
      .then(({ sessionsRemoved, eventsRemoved, removed }) => {
        onRemoved(removed);
        logger.info({ sessionsRemoved, eventsRemoved }, 'auto-prune done');
      })
      .catch((err) => logger.warn({ err }, 'auto-prune failed'))
      .finally(() => {
        idleRunning = false;
      });
  };
  return {
    sessionCreated: (userId, turnFollows) => {
      if (!config.session.autoPrune || config.session.maxSessions <= 0) return;
      grown.add(userId);
      // A fork has no turn of its own to prune after: the surplus it made goes now.
      if (!turnFollows) turnEnded(userId);
    },
    turnEnded,
  };
}
