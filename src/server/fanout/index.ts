/**
 * The subscription fan-out fast path, one per server (createFanout): each event is
 * executed once per selection and serialised once for every subscriber of it
 * (shared-results.ts), and over WebSocket its JSON is written to the socket by the
 * subscription's own result stream (result-stream.ts, operation-writer.ts).
 *
 * Off (`WS_FAST_PATH=false`), the plugin does nothing: every subscriber executes its
 * own results through Yoga and graphql-ws sends them, the stock path, kept tested and
 * benchmarked. A reader that stops reading is then still closed with 1013, but its
 * close carries no lastSeq: only the direct writer knows which seq a socket took.
 *
 * What the fast path knows of the schema comes in from the composition root:
 * `sharedEventOf` says which source items are events shared by every subscriber.
 */
import { createSourceEventStream, type ExecutionArgs } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { nextMessageWriter, type OperationSocket } from './operation-writer.js';
import { type DirectWriter, ResultStream } from './result-stream.js';
import { type SharedEvent, SharedResults } from './shared-results.js';
import { SubscriberResults } from './subscriber-results.js';

export type { OperationSocket, WrittenPositions } from './operation-writer.js';

export type { SharedEvent } from './shared-results.js';

export interface FanoutOptions {
  /** False: the stock Yoga + graphql-ws path (see the module comment). */
  enabled: boolean;
  /**
   * The object to share results on for a source-stream item (the event every
   * subscriber of a session receives), or undefined for an item of one subscriber's
   * own (an error, a lagged notice): those are executed for that subscriber alone.
   */
  sharedEventOf(item: unknown): SharedEvent | undefined;
  /** Called once per real execution of a shared event (metrics, tests). */
  onExecution?(): void;
}

export interface Fanout {
  readonly enabled: boolean;
  /** Yoga's subscribe, shared per event; placed before plugins that wrap subscribe. */
  readonly plugin: Plugin;
  /**
   * The graphql-ws operation whose context this is writes its shared results to its
   * socket directly (kept per operation, by its context). Nothing when off.
   */
  writeDirectly(context: object, operationId: string, socket: OperationSocket): void;
}

export function createFanout(opts: FanoutOptions): Fanout {
  if (!opts.enabled) return { enabled: false, plugin: {}, writeDirectly: () => {} };
  const shared = new SharedResults(opts.onExecution);
  const writers = new WeakMap<object, DirectWriter>();
  const { sharedEventOf } = opts;
  const subscribe = async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const mapping = new SubscriberResults(shared, sharedEventOf, args);
    const context = args.contextValue;
    const write = typeof context === 'object' && context ? writers.get(context) : undefined;
    return new ResultStream(source[Symbol.asyncIterator](), mapping, write);
  };
  return {
    enabled: true,
    plugin: {
      onSubscribe({ setSubscribeFn }) {
        setSubscribeFn(subscribe as never);
      },
    },
    writeDirectly(context, operationId, socket) {
      writers.set(context, nextMessageWriter(operationId, socket));
    },
  };
}
