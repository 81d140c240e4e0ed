/**
 * Per-session FIFO of turns on this instance: one runs, the rest wait in arrival
 * order, at most `limit` waiting. (Across instances the session lease decides.)
 */
import { SessionBusyError } from '../errors.js';

export class SessionQueues {
  private readonly queues = new Map<string, { tail: Promise<unknown>; size: number }>();

  constructor(private readonly limit: number) {}

  /** Runs `task` after every earlier task of the session; throws SessionBusyError when full. */
  enqueue<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(sessionId);
    if (!queue) {
      queue = { tail: Promise.resolve(), size: 0 };
      this.queues.set(sessionId, queue);
    }
    this.assertRoom(sessionId);
    queue.size++;
    const result = queue.tail.then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    queue.tail = settled;
    const q = queue;
    void settled.then(() => {
      q.size--;
      if (q.size === 0 && this.queues.get(sessionId) === q) this.queues.delete(sessionId);
    });
    return result;
  }

  /** Throws SessionBusyError when `limit` tasks of the session wait already. */
  assertRoom(sessionId: string): void {
    // size counts the running task too, so `limit` bounds the waiting ones.
    if (this.size(sessionId) > this.limit) throw new SessionBusyError(sessionId, this.limit);
  }

  /** Turns of this session on this instance, running or waiting. */
  size(sessionId: string): number {
    return this.queues.get(sessionId)?.size ?? 0;
  }
}
