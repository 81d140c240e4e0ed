/**
 * A subscription's results go to its socket from here rather than through graphql-ws's
 * `next` emitter. That emitter, per subscriber and result, awaits two hooks, copies the
 * result, validates the message and stringifies all of it; a result shared by every
 * subscriber of an event needs only its JSON (made once, shared-payload.ts) inside an
 * envelope with this operation's id. Error-free shared results are written even earlier,
 * by the result stream itself (result-stream.ts), with the same writer.
 *
 * graphql-ws still does everything else: it subscribes, sends `error` if the stream
 * throws and `complete` when it ends, and calls return() when the client completes or
 * leaves. The iterator it gets yields nothing: it sends each result itself and ends
 * when the stream does, so every `next` is out before graphql-ws's `complete`.
 */
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { DirectWriter } from './result-stream.js';
import { resultJson } from './shared-payload.js';
import type { Extra } from './ws-adapter.js';

/** What websocket.ts's onSubscribe leaves in rootValue for the operation. */
export interface OperationRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
  operationId: string;
  extra: Extra;
}

function isOperationRoot(value: unknown): value is OperationRoot {
  return typeof value === 'object' && value !== null && 'operationId' in value && 'extra' in value;
}

/** Writes results of one operation as graphql-ws `next` messages. */
function nextMessageWriter(root: OperationRoot): DirectWriter {
  const envelope = `{"id":${JSON.stringify(root.operationId)},"type":"next","payload":`;
  const { send } = root.extra;
  return (json) => send(`${envelope}${json}}`);
}

/** The writer for a graphql-ws operation's results; undefined for other transports. */
export function directWriterFor(args: ExecutionArgs): DirectWriter | undefined {
  return isOperationRoot(args.rootValue) ? nextMessageWriter(args.rootValue) : undefined;
}

export function sendResultsDirectly(
  results: AsyncIterable<ExecutionResult>,
  root: OperationRoot,
): AsyncIterableIterator<never> {
  const source = results[Symbol.asyncIterator]();
  const write = nextMessageWriter(root);
  let stopped = false;
  const done = { done: true, value: undefined } as const;
  return {
    async next() {
      for (;;) {
        const item = await source.next();
        // After return() nothing more goes out: graphql-ws has forgotten this id.
        if (item.done || stopped) return done;
        const writing = write(resultJson(item.value));
        if (writing) await writing;
      }
    },
    async return() {
      stopped = true;
      await source.return?.();
      return done;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
