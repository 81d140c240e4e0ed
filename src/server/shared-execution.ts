/**
 * Subscriptions execute each event once per distinct selection, not once per subscriber.
 *
 * graphql-js runs a subscription's selection set for every subscriber and every event:
 * a thousand subscribers of one session cost a thousand identical executions of every
 * token. Here the result of executing (document, operation, variables) over an event
 * is cached by event object, and every subscriber that receives the same event object
 * (the bus hands the same one to all) gets the same result object.
 * Over WebSocket that object is then also serialised once (shared-payload.ts).
 *
 * Who may see an event is decided per subscriber before this point (sessionEvents
 * checks access on subscribe). What an event looks like must not depend on who looks:
 * the shared execution runs with a context without a viewer, so an event field that
 * read one would fail in tests rather than show one subscriber's view to another.
 */
import { createSourceEventStream, type DocumentNode, type ExecutionArgs, execute } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { type DirectWriter, type Result, ResultStream } from './result-stream.js';
import { markShareable } from './shared-payload.js';

export interface SharedExecutionOptions {
  /**
   * The object to share results on for a source-stream item (the event every
   * subscriber of a session receives), or undefined for an item of one subscriber's
   * own (an error, a lagged notice): those are executed for that subscriber alone.
   */
  sharedObject(item: unknown): object | undefined;
  /** The position of a source item (an event's seq), if it has one: for the direct writer. */
  positionOf?(item: unknown): number | undefined;
  /** Called once per real execution of a shareable item (metrics, tests). */
  onExecution?(): void;
  /**
   * Where an operation may write its error-free shared results itself, as JSON
   * (ws-results.ts), instead of handing them up through the plugins' stream wrappers;
   * undefined where it may not (SSE, HTTP).
   */
  directWriter?(args: ExecutionArgs): DirectWriter | undefined;
}

/**
 * Results by event, then by selection. Bounded, oldest first out: subscribers take an
 * event at about the same time, and an event kept by the in-memory store must not
 * keep its results alive for as long. A subscriber reading an evicted event (far
 * behind, catching up) gets a fresh execution of its own.
 */
const results = new Map<object, Map<string, Result>>();
const MAX_CACHED_EVENTS = 4096;
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/**
 * Equal documents share results only if they are the same object: Yoga's parser cache
 * hands every subscriber of the same query text the same DocumentNode.
 */
function selectionKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(args.document, id);
  }
  return `${id}\0${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? {})}`;
}

/** The subscriber's context without its viewer (see the module comment). */
function viewerless(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return context;
  return { ...context, viewer: undefined };
}

export function useSharedEventExecution(opts: SharedExecutionOptions): Plugin {
  const subscribe = async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const key = selectionKey(args);
    let sharedArgs: ExecutionArgs | undefined;
    const resultOf = (item: unknown): Result => {
      const shared = opts.sharedObject(item);
      if (!shared) return execute({ ...args, rootValue: item });
      let byKey = results.get(shared);
      if (!byKey) {
        byKey = new Map();
        results.set(shared, byKey);
        if (results.size > MAX_CACHED_EVENTS) results.delete(results.keys().next().value!);
      }
      let result = byKey.get(key);
      if (!result) {
        opts.onExecution?.();
        sharedArgs ??= { ...args, contextValue: viewerless(args.contextValue) };
        result = execute({ ...sharedArgs, rootValue: item });
        if ('then' in result) result = result.then(markShareable);
        else markShareable(result);
        byKey.set(key, result);
      }
      return result;
    };
    return new ResultStream(
      source[Symbol.asyncIterator](),
      resultOf,
      opts.directWriter?.(args),
      undefined,
      opts.positionOf,
    );
  };
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe as never);
    },
  };
}
