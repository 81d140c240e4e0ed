/**
 * What a WebSocket reader that stopped reading is told (ws-flow.ts decides it did).
 * Each of its subscriptions that has written an event gets a last `next` with the error
 * SUBSCRIBER_LAGGED and `lastSeq` (the last event handed to the socket for it), then a
 * `complete`; then the connection is closed with 1013 Try Again Later and a reason
 * carrying the last seq too. All of it queues behind what the peer has not read, so a
 * reader that reads on gets every event up to lastSeq, then why it was cut: resuming
 * with `afterSeq: lastSeq` misses nothing and repeats nothing.
 */
import { GraphQLError } from 'graphql';
import type { WrittenPositions } from './fanout/index.js';

/**
 * RFC 6455's "Try Again Later": graphql-ws clients reconnect after it (a 4xxx code
 * they do not know would do too, a 1xxx other than 1000-1001, 1005-1006 and 1012-1014
 * would not), and it says the connection, not the client's request, was the trouble.
 */
export const CLOSE_LAGGED = 1013;

export interface LaggardNotice {
  /** graphql-ws messages to send, in order, before the close. */
  messages: string[];
  /** The close reason: `SUBSCRIBER_LAGGED lastSeq=<n>` when one subscription lagged. */
  reason: string;
}

export function laggardNotice(positions: WrittenPositions): LaggardNotice {
  const messages: string[] = [];
  const lastSeqs: number[] = [];
  for (const [id, { last }] of positions) {
    if (last === undefined) continue;
    lastSeqs.push(last);
    const error = new GraphQLError(
      `this connection stopped reading while events were sent to it; resubscribe with afterSeq: ${last}`,
      { extensions: { code: 'SUBSCRIBER_LAGGED', lastSeq: last } },
    );
    messages.push(
      JSON.stringify({ id, type: 'next', payload: { errors: [error.toJSON()] } }),
      JSON.stringify({ id, type: 'complete' }),
    );
  }
  // One seq fits any close reason (123 bytes); several are in their own errors only.
  const reason =
    lastSeqs.length === 1 ? `SUBSCRIBER_LAGGED lastSeq=${lastSeqs[0]}` : 'SUBSCRIBER_LAGGED';
  return { messages, reason };
}
