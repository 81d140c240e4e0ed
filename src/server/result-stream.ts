/**
 * A subscription's source stream mapped to results (shared-execution.ts).
 *
 * With a direct writer (a graphql-ws operation, ws-results.ts) a shared result without
 * errors is written here, as its JSON, and the stream moves on: it never travels up
 * through the stream wrappers that plugin hooks put around a subscription (Yoga's error
 * masking and the like, which have nothing to do for it), so an event reaches a socket a
 * few promise jobs after the bus call instead of a dozen. Anything else (errors, a
 * subscriber's own items) goes up as usual, and the stream waits until it has been
 * consumed before it reads on: the order never changes.
 */
import type { ExecutionResult } from 'graphql';
import { isShareable, resultJson } from './shared-payload.js';

export type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * Writes one result's JSON, with the position of the item it came from (an event's seq)
 * when it has one; a promise when the writer should wait before the next.
 */
export type DirectWriter = (json: string, position?: number) => undefined | Promise<void>;

function sharedWithoutErrors(result: ExecutionResult): boolean {
  return isShareable(result) && !result.errors;
}

/**
 * A class rather than a generic mapping helper's closures: thousands of idle
 * subscriptions each hold one, so it should be small.
 */
export class ResultStream implements AsyncIterableIterator<ExecutionResult> {
  private stopped = false;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly resultOf: (item: unknown) => Result,
    private readonly write?: DirectWriter,
    /** Which results the writer takes; the rest go up. */
    private readonly writes: (result: ExecutionResult) => boolean = sharedWithoutErrors,
    /** The position of a source item (an event's seq), given to the writer with it. */
    private readonly positionOf?: (item: unknown) => number | undefined,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      const item = await this.source.next();
      // After return() nothing more goes out: the transport has forgotten the operation.
      if (item.done || this.stopped) return { value: undefined, done: true };
      const pending = this.resultOf(item.value);
      const result = 'then' in pending ? await pending : pending;
      if (!this.write || !this.writes(result)) return { value: result, done: false };
      const writing = this.write(resultJson(result), this.positionOf?.(item.value));
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
