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
import { type DirectWriter, ResultStream } from './result-stream.js';
import type { Sender } from './ws-send.js';

/** What websocket.ts's onSubscribe leaves in rootValue for the operation. */
export interface OperationRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
  /** Writes a result's JSON as this operation's `next` message. */
  write: DirectWriter;
  /** False once the client has completed the operation (or left). */
  isOpen: () => boolean;
}

/**
 * The last position (an event's seq) written for each operation of one socket that has
 * written one: what a reader that stops reading is told to resume after (ws-laggard.ts).
 */
export type WrittenPositions = Map<string, { last: number | undefined }>;

/** Writes results of one operation as graphql-ws `next` messages. */
export function nextMessageWriter(
  operationId: string,
  socket: { send: Sender; positions: WrittenPositions },
): DirectWriter {
  const envelope = `{"id":${JSON.stringify(operationId)},"type":"next","payload":`;
  const written: { last: number | undefined } = { last: undefined };
  const { send, positions } = socket;
  positions.set(operationId, written);
  return (json, position) => {
    // Recorded once handed to the socket: whatever it holds reaches a reader that reads
    // on before the close, so a resume after this position misses nothing.
    if (position !== undefined) written.last = position;
    return send(`${envelope}${json}}`);
  };
}

/** The writer for a graphql-ws operation's results; undefined for other transports. */
export function directWriterFor(args: ExecutionArgs): DirectWriter | undefined {
  const root = args.rootValue as Partial<OperationRoot> | undefined;
  return typeof root?.write === 'function' ? root.write : undefined;
}

/** An iterator for graphql-ws that yields nothing: it writes every result itself. */
export function sendResultsDirectly(
  results: AsyncIterable<ExecutionResult>,
  write: DirectWriter,
): AsyncIterableIterator<never> {
  const everything = () => true;
  const source = results[Symbol.asyncIterator]();
  return new ResultStream(
    source,
    (result) => result as ExecutionResult,
    write,
    everything,
  ) as never;
}
