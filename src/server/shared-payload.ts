/**
 * A shared subscription result (shared-execution.ts) is serialised once for all
 * WebSocket subscribers; only the envelope with each subscriber's operation id is
 * serialised per subscriber.
 *
 * graphql-ws builds every `next` message as {id, type, payload} and JSON.stringify's
 * it per subscriber. Two of its options avoid re-serialising a shared payload without
 * forking it: `onNext` hands it the shared result object itself (instead of a copy),
 * and `jsonMessageReplacer` swaps that payload for a marker while keeping the
 * payload's JSON (made on first use, cached on the result). The socket's `send` then
 * puts the JSON where the marker is. graphql-ws stringifies and sends in one
 * expression (`socket.send(stringifyMessage(...))`), so one pending slot is enough.
 */
import type { ExecutionResult } from 'graphql';

/** Shareable results; the value is their JSON once some subscriber needed it. */
const serialised = new WeakMap<object, string | undefined>();

export function markShareable(result: ExecutionResult): ExecutionResult {
  if (!serialised.has(result)) serialised.set(result, undefined);
  return result;
}

function jsonOf(result: object): string {
  let json = serialised.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    serialised.set(result, json);
  }
  return json;
}

/** graphql-ws `onNext`: send the shared result as it is (the replacer recognises it). */
export function sharedResultForNext(result: ExecutionResult): ExecutionResult | undefined {
  return serialised.has(result) ? result : undefined;
}

const MARKER = '\u0000parley-shared-payload\u0000';
/**
 * graphql-ws puts `payload` last, so the marker is looked for only at the very end of
 * the message the replacer has just seen: text inside an id or the data cannot match.
 */
const MARKER_TAIL = `${JSON.stringify(MARKER)}}`;
let pending: string | undefined;

/** graphql-ws `jsonMessageReplacer`. */
export function sharedPayloadReplacer(key: string, value: unknown): unknown {
  if (key !== 'payload' || typeof value !== 'object' || value === null) return value;
  if (!serialised.has(value)) return value;
  pending = jsonOf(value);
  return MARKER;
}

/** Every message graphql-ws sends passes through here, right after it was stringified. */
export function withSharedPayload(data: string): string {
  const json = pending;
  if (json === undefined) return data;
  pending = undefined;
  if (data.endsWith(MARKER_TAIL)) return `${data.slice(0, -MARKER_TAIL.length)}${json}}`;
  // graphql-ws no longer puts the payload last: rebuild the message the slow way.
  const message = JSON.parse(data) as { payload: unknown };
  message.payload = JSON.parse(json);
  return JSON.stringify(message);
}
