/**
 * One subscription's way from source items to results (result-stream.ts's mapping): a
 * shared event's result comes from the fan-out's SharedResults, anything else is
 * executed for this subscriber alone. A class, not an object of closures: every idle
 * subscription holds one, and under tsx each named closure costs about 300 bytes more
 * (esbuild's keepNames).
 */
import { type ExecutionArgs, type ExecutionResult, execute } from 'graphql';
import { type Result, type SharedEvent, type SharedResults, viewerless } from './shared-results.js';

export class SubscriberResults {
  private readonly key: string;
  /** The args shared executions run with (no viewer), made on first use. */
  private sharedArgs: ExecutionArgs | undefined;

  constructor(
    private readonly shared: SharedResults,
    private readonly sharedEventOf: (item: unknown) => SharedEvent | undefined,
    private readonly args: ExecutionArgs,
  ) {
    this.key = shared.selectionKey(args);
  }

  resultOf(item: unknown): Result {
    const event = this.sharedEventOf(item);
    if (!event) return execute({ ...this.args, rootValue: item });
    this.sharedArgs ??= { ...this.args, contextValue: viewerless(this.args.contextValue) };
    return this.shared.resultOf(event, this.key, this.sharedArgs, item);
  }

  /** The JSON to write directly, or undefined for a result that goes up. */
  directJson(result: ExecutionResult): string | undefined {
    return this.shared.directJson(result);
  }

  /**
   * The JSON of a shared item whose result is at hand (executed now, or before for
   * another subscriber), or undefined: the item then goes the usual way, where a shared
   * result already begun is the same one (SharedResults keeps it), so nothing runs twice.
   */
  directJsonOf(item: unknown): string | undefined {
    if (!this.sharedEventOf(item)) return undefined;
    const result = this.resultOf(item);
    return 'then' in result ? undefined : this.shared.directJson(result);
  }

  /** The position of a source item (an event's seq), given to the writer with it. */
  positionOf(item: unknown): number | undefined {
    return this.sharedEventOf(item)?.seq;
  }
}
