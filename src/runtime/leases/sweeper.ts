/**
 * Finds turns whose instance died (their session lease expired, or their queue
 * record did) and closes them as FAILED, at start-up and then every lease period, so
 * a crashed turn does not wait for the session's next message to be closed; and
 * expires approvals left pending past their deadline (approvals/expire.ts).
 */
import type { Logger } from 'pino';
import type { Store } from '../../store/store.js';
import { expireOverdueApprovals } from '../approvals/expire.js';
import type { TurnRunner } from '../turns/runner.js';

const BATCH = 50;

export function startLeaseSweeper(opts: {
  store: Store;
  runner: TurnRunner;
  intervalMs: number;
  logger: Logger;
}): () => Promise<void> {
  const { store, runner, logger } = opts;
  let sweeping: Promise<void> | null = null;
  const sweep = async () => {
    const now = new Date();
    const [leases, queued] = await Promise.all([
      store.findExpiredLeases(now, BATCH),
      store.queuedTurns.findExpired(now, BATCH),
      expireOverdueApprovals(store, opts.intervalMs),
    ]);
    const expired = new Set([...leases, ...queued]);
    await Promise.all(
      [...expired].map((sessionId) =>
        runner.recover(sessionId).then(
          (closed) => {
            if (closed) logger.info({ sessionId }, 'closed the turns of a stopped instance');
          },
          (err) => logger.warn({ sessionId, err }, 'could not close an interrupted turn'),
        ),
      ),
    );
  };
  const tick = () => {
    // One sweep at a time; a slow database just skips ticks.
    sweeping ??= sweep()
      .catch((err) => logger.warn({ err }, 'lease sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await sweeping;
  };
}
