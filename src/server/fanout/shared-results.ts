/**
 * Subscriptions execute each event once per distinct selection, not once per subscriber.
 *
 * graphql-js runs a subscription's selection set for every subscriber and every event:
 * a thousand subscribers of one session cost a thousand identical executions of every
 * token. Here the result of executing (document, operation, variables) over an event
 * is cached by event object, and every subscriber that receives the same event object
 * (the bus hands the same one to all) gets the same result object, and its JSON, made
 * once on first use.
 *
 * Who may see an event is decided per subscriber before this point (sessionEvents
 * checks access on subscribe). What an event looks like must not depend on who looks:
 * the shared execution runs with a context without a viewer, so an event field that
 * read one would fail in tests rather than show one subscriber's view to another.
 *
 * All of it belongs to one fan-out (one server): nothing here is shared between servers
 * of one process.
 */
import { type DocumentNode, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';

export type Result = ExecutionResult | Promise<ExecutionResult>;

/** A source item's shared event; its seq (if any) is what a lagging reader resumes after. */
export type SharedEvent = object & { readonly seq?: number };

/**
 * Results by event, then by selection. Bounded, oldest first out: subscribers take an
 * event at about the same time, and an event kept by the in-memory store must not
 * keep its results alive for as long. A subscriber reading an evicted event (far
 * behind, catching up) gets a fresh execution of its own.
 */
const MAX_CACHED_EVENTS = 4096;

export class SharedResults {
  private readonly results = new Map<object, Map<string, Result>>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;
  /** Shared results; the value is their JSON once some subscriber needed it. */
  private readonly serialised = new WeakMap<object, string | undefined>();

  /** Called once per real execution of a shared event (metrics, tests). */
  constructor(private readonly onExecution?: () => void) {}

  /**
   * Equal documents share results only if they are the same object: Yoga's parser cache
   * hands every subscriber of the same query text the same DocumentNode.
   */
  selectionKey(args: ExecutionArgs): string {
    let id = this.documentIds.get(args.document);
    if (id === undefined) {
      id = this.nextDocumentId++;
      this.documentIds.set(args.document, id);
    }
    return `${id}\0${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? {})}`;
  }

  /** The result of `key`'s selection over `item`, whose shared event is `event`. */
  resultOf(event: object, key: string, viewerless: ExecutionArgs, item: unknown): Result {
    let byKey = this.results.get(event);
    if (!byKey) {
      byKey = new Map();
      this.results.set(event, byKey);
      if (this.results.size > MAX_CACHED_EVENTS) {
        this.results.delete(this.results.keys().next().value!);
      }
    }
    let result = byKey.get(key);
    if (!result) {
      this.onExecution?.();
      result = execute({ ...viewerless, rootValue: item });
      if ('then' in result) result = result.then((done) => this.markShared(done));
      else this.markShared(result);
      byKey.set(key, result);
    }
    return result;
  }

  /**
   * The JSON a socket may take as is: a shared result without errors (made once).
   * Undefined for the rest (errors, a subscriber's own items), which go the usual way.
   */
  directJson(result: ExecutionResult): string | undefined {
    if (result.errors || !this.serialised.has(result)) return undefined;
    let json = this.serialised.get(result);
    if (json === undefined) {
      json = JSON.stringify(result);
      this.serialised.set(result, json);
    }
    return json;
  }

  private markShared(result: ExecutionResult): ExecutionResult {
    if (!this.serialised.has(result)) this.serialised.set(result, undefined);
    return result;
  }
}

/** The subscriber's context without its viewer (see the module comment). */
export function viewerless(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return context;
  return { ...context, viewer: undefined };
}
