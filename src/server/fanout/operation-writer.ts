/**
 * A graphql-ws operation's shared results go onto its socket from here rather than
 * through graphql-ws's `next` emitter. That emitter, per subscriber and result, awaits
 * two hooks, copies the result, validates the message and stringifies all of it; a
 * result shared by every subscriber of an event needs only its JSON (made once,
 * shared-results.ts) inside an envelope with this operation's id.
 */
import type { DirectWriter } from './result-stream.js';

/**
 * The last position (an event's seq) written for each operation of one socket that has
 * written one: what a reader that stops reading is told to resume after (ws-laggard.ts).
 */
export type WrittenPositions = Map<string, { last: number | undefined }>;

/**
 * What an operation's writer needs of its socket. `send` sends one message; a promise
 * when the caller should wait before more.
 */
export interface OperationSocket {
  send(data: string): undefined | Promise<void>;
  positions: WrittenPositions;
}

/** Writes results of one operation as graphql-ws `next` messages. */
export function nextMessageWriter(operationId: string, socket: OperationSocket): DirectWriter {
  const envelope = `{"id":${JSON.stringify(operationId)},"type":"next","payload":`;
  const written: { last: number | undefined } = { last: undefined };
  socket.positions.set(operationId, written);
  return (json, position) => {
    // Recorded once handed to the socket: whatever it holds reaches a reader that reads
    // on before the close, so a resume after this position misses nothing.
    if (position !== undefined) written.last = position;
    return socket.send(`${envelope}${json}}`);
  };
}
