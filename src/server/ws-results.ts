/**
 * A subscription's results go to its socket from here rather than through graphql-ws's
 * `next` emitter. That emitter, per subscriber and result, awaits two hooks, copies the
 * result, validates the message and stringifies all of it; a result shared by every
 * subscriber of an event needs only its JSON (made once, shared-payload.ts) inside an
 * envelope with this operation's id.
 *
 * graphql-ws still does everything else: it subscribes, sends `error` if the stream
 * throws and `complete` when it ends, and calls return() when the client completes or
 * leaves. The iterator it gets yields nothing: it sends each result itself and ends
 * when the stream does, so every `next` is out before graphql-ws's `complete`.
 */
import type { ExecutionResult } from 'graphql';
import { resultJson } from './shared-payload.js';
import type { Sender } from './ws-send.js';

export function sendResultsDirectly(
  results: AsyncIterable<ExecutionResult>,
  operationId: string,
  send: Sender,
): AsyncIterableIterator<never> {
  const source = results[Symbol.asyncIterator]();
  const envelope = `{"id":${JSON.stringify(operationId)},"type":"next","payload":`;
  let stopped = false;
  const done = { done: true, value: undefined } as const;
  return {
    async next() {
      for (;;) {
        const item = await source.next();
        // After return() nothing more goes out: graphql-ws has forgotten this id.
        if (item.done || stopped) return done;
        const sending = send(`${envelope}${resultJson(item.value)}}`);
        if (sending) await sending;
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
