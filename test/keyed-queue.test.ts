/** The one serial queue (lib/keyed-queue.ts): per-key order, failures isolated, size, idle. */
import { describe, expect, it } from 'vitest';
import { KeyedQueue, SerialQueue } from '../src/lib/keyed-queue.js';

/** A promise settled from outside. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('KeyedQueue', () => {
  it('runs one task at a time per key, in call order; other keys do not wait', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = deferred();
    const a1 = queue.run('a', async () => {
      log.push('a1 start');
      await first.promise;
      log.push('a1 end');
    });
    const a2 = queue.run('a', async () => void log.push('a2'));
    await queue.run('b', async () => void log.push('b1'));
    await queue.idle('b');
    expect(log).toEqual(['a1 start', 'b1']);
    // The size counts the running task and the waiting ones (SESSION_BUSY bounds it).
    expect([queue.size('a'), queue.size('b')]).toEqual([2, 0]);
    first.resolve();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    await queue.idle('a');
    expect(queue.size('a')).toBe(0);
  });

  it('a failing task rejects its own promise only; the next one still runs', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('k', async () => {
      throw new Error('boom');
    });
    const next = queue.run('k', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});

describe('SerialQueue', () => {
  it('idle() waits for tasks queued while it waits too', async () => {
    const queue = new SerialQueue();
    const done: number[] = [];
    const gate = deferred();
    void queue.run(async () => {
      await gate.promise;
      done.push(1);
      void queue.run(async () => void done.push(2)); // queued during the wait
    });
    const idle = queue.idle();
    expect(queue.size).toBe(1);
    gate.resolve();
    await idle;
    expect({ done, size: queue.size }).toEqual({ done: [1, 2], size: 0 });
  });
});
