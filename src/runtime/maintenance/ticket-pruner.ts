/**
 * Removes expired one-time tickets every interval: a ticket that was never used
 * (the client fell back, or gave up) would otherwise stay in the database forever.
 * Tickets live 30 s, so a minute's delay costs a few small documents at most.
 * One prune at a time; the timer is unref'd and stopped on close.
 */
import type { Logger } from 'pino';
import type { TicketStore } from '../../store/tickets.js';

export const TICKET_PRUNE_INTERVAL_MS = 60_000;

export interface TicketPruner {
  /** One prune now (after the one running, if any); how many tickets it removed. */
  pruneNow(): Promise<number>;
  /** Stops the timer and waits for a prune in flight. */
  stop(): Promise<void>;
}

export function startTicketPruner(opts: {
  tickets: TicketStore;
  logger: Logger;
  intervalMs?: number;
}): TicketPruner {
  const { tickets, logger } = opts;
  let running: Promise<number> = Promise.resolve(0);
  const pruneNow = () => {
    running = running.then(
      () => tickets.pruneExpired(new Date()),
      () => tickets.pruneExpired(new Date()),
    );
    return running;
  };
  let busy = false;
  const tick = () => {
    if (busy) return; // a slow database skips ticks instead of stacking prunes
    busy = true;
    pruneNow()
      .then((removed) => {
        if (removed > 0) logger.debug({ removed }, 'expired tickets removed');
      })
      .catch((err) => logger.warn({ err }, 'ticket prune failed'))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? TICKET_PRUNE_INTERVAL_MS);
  timer.unref();
  return {
    pruneNow,
    stop: async () => {
      clearInterval(timer);
      await running.catch(() => {});
    },
  };
}
