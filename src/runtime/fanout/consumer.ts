/**
 * Who takes a subscription's items (subscription.ts): a next() waiting for one, and, if
 * the consumer has one, a direct taker that takes items as they come, in the publisher's
 * call, doing all it does with one at once (the fast path writes an event's shared JSON
 * straight to the socket, server/fanout/). Through next() alone, each item resumes its
 * consumer in a promise job, and a thousand subscribers' jobs run one after another
 * only once the publisher's loop is over, so most sockets got an event late. Whatever
 * the taker leaves (an error, a notice of the subscriber's own) goes to next(), in order.
 */

export interface DirectTaker<T> {
  /** false: left to next(); true: taken; a promise: taken, and nothing more until it settles. */
  take(item: T): boolean | Promise<void>;
}

/** What the consumer is served from: the subscription. */
export interface ItemSource<T> {
  /** The next item if one is at hand, null at the end, undefined if it must wait or read. */
  takeReady(): T | null | undefined;
  /** The result for next() of an item taken (null: the end). */
  handOver(item: T | null): IteratorResult<T>;
  /** An item went to the direct taker. */
  tookOne(): void;
  /** A pending direct take settled: serve again. */
  serveWaiter(): void;
}

interface Waiter<T> {
  resolve(result: IteratorResult<T>): void;
  reject(error: unknown): void;
}

export class Consumer<T> {
  private waiter: Waiter<T> | undefined;
  private taker: DirectTaker<T> | undefined;
  /** A direct take's promise is pending: nothing more is given meanwhile. */
  private busy = false;

  constructor(private readonly source: ItemSource<T>) {}

  /** A next() waits and no direct take is pending: the consumer is not behind. */
  get waiting(): boolean {
    return this.waiter !== undefined && !this.busy;
  }

  takeDirectly(taker: DirectTaker<T>): void {
    this.taker = taker;
  }

  /** A next() that waits to be served. */
  wait(): Promise<IteratorResult<T>> {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /**
   * Serves the waiting next() (call only when `waiting`): ready items go to the direct
   * taker while it takes them, the first it leaves to next(). False when nothing was
   * at hand (the source may read on), true otherwise.
   */
  serve(): boolean {
    const { source, taker } = this;
    let item: T | null | undefined;
    try {
      item = source.takeReady();
      while (item && taker && this.gave(taker.take(item))) item = source.takeReady();
    } catch (error) {
      this.settle().reject(error);
      return true;
    }
    if (this.busy) return true;
    if (item === undefined) return false;
    this.settle().resolve(source.handOver(item));
    return true;
  }

  /** The waiting next() ends with `result` (if one waits). */
  resolve(result: IteratorResult<T>): void {
    if (this.waiter) this.settle().resolve(result);
  }

  reject(error: unknown): void {
    if (this.waiter) this.settle().reject(error);
  }

  /** Whether the taker took its item and another may follow at once. */
  private gave(taken: boolean | Promise<void>): boolean {
    if (taken === false) return false;
    this.source.tookOne();
    if (taken === true) return true;
    this.busy = true;
    const settled = () => {
      this.busy = false;
      this.source.serveWaiter();
    };
    taken.then(settled, settled);
    return false;
  }

  private settle(): Waiter<T> {
    const waiter = this.waiter!;
    this.waiter = undefined;
    return waiter;
  }
}
