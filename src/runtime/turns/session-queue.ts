/**
 * Per-session FIFO of turns on this instance: one runs, the rest wait in arrival
 * order, at most `limit` waiting. (Across instances the session lease decides.)
 */
import { KeyedQueue } from '../../lib/keyed-queue.js';
import { SessionBusyError } from '../errors.js';

export class SessionQueues {
  private readonly queue = new KeyedQueue();

  constructor(private readonly limit: number) {}

  /** Runs `task` after every earlier task of the session; throws SessionBusyError when full. */
  enqueue<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    this.assertRoom(sessionId);
    return this.queue.run(sessionId, task);
  }

  /** True when no turn of the session runs or waits here. */
  isIdle(sessionId: string): boolean {
    return this.queue.size(sessionId) === 0;
  }

  /** Throws SessionBusyError when `limit` tasks of the session wait already. */
  assertRoom(sessionId: string): void {
    // size counts the running task too, so `limit` bounds the waiting ones.
    if (this.queue.size(sessionId) > this.limit) throw new SessionBusyError(sessionId, this.limit);
  }
}
