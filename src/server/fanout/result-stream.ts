/**
 * A subscription's source stream mapped to results: the one stream a subscription has.
 *
 * With a direct writer (a graphql-ws operation, operation-writer.ts) a shared result
 * without errors is written here, as its JSON, and the stream moves on: it never travels
 * up through the stream wrappers that plugin hooks put around a subscription (Yoga's
 * error masking and the like, which have nothing to do for it) nor through graphql-ws's
 * per-message hooks, so an event reaches a socket a few promise jobs after the bus call
 * instead of a dozen. Anything else (errors, a subscriber's own items) goes up as usual,
 * to graphql-ws, which sends it; the stream reads on only once it is asked again, so
 * the order never changes and every `next` is out before graphql-ws's `complete`.
 *
 * A source that can hand items to a direct taker (a session subscription,
 * runtime/fanout/consumer.ts) gives this stream each item as it comes, while the stream
 * waits in its source's next(): a shared result is then written in the publisher's own
 * call, to each socket in turn, the way a raw broadcast loop writes, with no promise job
 * per subscriber in between; the rest it leaves to next(), which goes on as above.
 */
import type { ExecutionResult } from 'graphql';
import type { Result } from './shared-results.js';

/**
 * Writes one result's JSON, with the position of the item it came from (an event's seq)
 * when it has one; a promise when the writer should wait before the next.
 */
export type DirectWriter = (json: string, position?: number) => undefined | Promise<void>;

/** How a stream maps its items; one per subscription, shared by nothing else. */
export interface ResultMapping {
  resultOf(item: unknown): Result;
  /** The JSON to write directly, or undefined for a result that goes up. */
  directJson(result: ExecutionResult): string | undefined;
  /** The JSON of a shared item whose result is at hand, else undefined (it goes via next()). */
  directJsonOf(item: unknown): string | undefined;
  /** The position of a source item (an event's seq), given to the writer with it. */
  positionOf(item: unknown): number | undefined;
}

/** A source whose items can be taken as they come (runtime/fanout/consumer.ts). */
interface DirectSource {
  takeDirectly(taker: { take(item: unknown): boolean | Promise<void> }): void;
}

function isDirectSource(source: object): source is DirectSource {
  return typeof (source as Partial<DirectSource>).takeDirectly === 'function';
}

/**
 * A class rather than a generic mapping helper's closures: thousands of idle
 * subscriptions each hold one, so it should be small.
 */
export class ResultStream implements AsyncIterableIterator<ExecutionResult> {
  private stopped = false;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly mapping: ResultMapping,
    private readonly write: DirectWriter | undefined,
  ) {
    if (write && isDirectSource(source)) source.takeDirectly(this);
  }

  /** The direct taker: a shared result at hand goes to the socket now; false leaves it to next(). */
  take(item: unknown): boolean | Promise<void> {
    const { write } = this;
    if (!write || this.stopped) return false;
    const json = this.mapping.directJsonOf(item);
    if (json === undefined) return false;
    return write(json, this.mapping.positionOf(item)) ?? true;
  }

  /**
   * Not an async function: an idle subscription waits here for as long as it lives (its
   * events go to take()), and a suspended async function's frame costs some 300 bytes
   * more than one `then`. Once an item comes this way, mapped() reads on in one loop.
   */
  next(): Promise<IteratorResult<ExecutionResult>> {
    return this.source.next().then((item) => this.mapped(item));
  }

  /** The first result for graphql-ws from `first` on: what is written directly is skipped. */
  private async mapped(first: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> {
    for (let item = first; ; item = await this.source.next()) {
      // After return() nothing more goes out: the transport has forgotten the operation.
      if (item.done || this.stopped) return { value: undefined, done: true };
      const pending = this.mapping.resultOf(item.value);
      const result = 'then' in pending ? await pending : pending;
      const { write } = this;
      const json = write ? this.mapping.directJson(result) : undefined;
      if (!write || json === undefined) return { value: result, done: false };
      const writing = write(json, this.mapping.positionOf(item.value));
      if (writing) await writing;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.stopped = true;
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.stopped = true;
    await this.source.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }
}
