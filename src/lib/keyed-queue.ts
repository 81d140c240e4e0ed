/**
 * Runs async tasks one at a time per key, in call order; a task that fails does not
 * hold up the ones behind it. The code base's one serial queue:
 * - the MongoDB store writes each session document through one: FerretDB 1.x applies
 *   every update as read, modify in Go, write back, without isolation (FerretDB issues
 *   #2168, #3040), so two concurrent `$inc`s of one document lose one. Queueing this
 *   process's writes per session makes them atomic again on FerretDB and costs MongoDB
 *   next to nothing (a turn already writes its session one step at a time). Writers in
 *   other processes can still race on FerretDB; on MongoDB the operations are atomic;
 * - the turn runner runs each session's turns through one (runtime/turns/session-queue.ts
 *   bounds how many wait);
 * - the audit trail appends through one (SerialQueue), so an instance never races
 *   itself for the next seq, and the audit recorder writes its entries through one.
 * A leaf: it imports nothing, so every layer may use it.
 */
const ignore = () => undefined;

export class KeyedQueue<K = string> {
  private readonly queues = new Map<K, { tail: Promise<void>; size: number }>();

  /** Runs `task` after every task queued before it under the same key. */
  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { tail: Promise.resolve(), size: 0 };
      this.queues.set(key, queue);
    }
    const current = queue;
    current.size++;
    const result = current.tail.then(task);
    const settled = result.then(ignore, ignore);
    current.tail = settled;
    void settled.then(() => {
      current.size--;
      if (current.size === 0 && this.queues.get(key) === current) this.queues.delete(key);
    });
    return result;
  }

  /** Tasks of the key not settled yet: the running one and those waiting. */
  size(key: K): number {
    return this.queues.get(key)?.size ?? 0;
  }

  /** Resolves once every task of the key has settled, those queued meanwhile too. */
  async idle(key: K): Promise<void> {
    for (let queue = this.queues.get(key); queue; queue = this.queues.get(key)) {
      await queue.tail;
    }
  }
}

/** A single queue: one key of a KeyedQueue. */
export class SerialQueue {
  private readonly queue = new KeyedQueue<null>();

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(null, task);
  }

  get size(): number {
    return this.queue.size(null);
  }

  idle(): Promise<void> {
    return this.queue.idle(null);
  }
}
