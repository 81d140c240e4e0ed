/**
 * How many operations a WebSocket may start per second (`subscribe` messages: queries
 * and mutations too), per connection and per user (the user's one budget on this
 * instance, which their SSE subscriptions take from too: user-operation-rate.ts),
 * counted in memory with rate-limiter-flexible (one-second windows).
 *
 * WS_MAX_SUBSCRIPTIONS bounds the operations open at once, not the ones started: a
 * client sending `subscribe` then `complete` in a loop never has more than one open,
 * yet each start costs a context, a store read and a bus subscription. This bounds the
 * starts. Over the limit the operation gets an `error` message, RATE_LIMITED with
 * `retryAfterMs` (like HTTP 429 with Retry-After); a connection that goes on regardless,
 * refused more than its own limit again within one window, is closed with 4429 (4000 +
 * the HTTP status, as graphql-ws's own 4403 and 4408): the way Discord's gateway closes
 * a connection that sends commands beyond its rate, after an error first.
 */
import type { GraphQLError } from 'graphql';
import {
  perSecondLimiter,
  startsRateLimited,
  type UserOperationRate,
  waitOf,
} from './user-operation-rate.js';

export const CLOSE_RATE_LIMITED = 4429;

export interface SubscribeRateOptions {
  /** Operations one connection may start per second (0: no limit). */
  perSocket: number;
  /** The user's budget over all their connections and SSE streams (limit 0: none). */
  perUser: UserOperationRate;
}

/** What a connection's next `subscribe` may do. */
export type SubscribeVerdict =
  | { kind: 'allowed' }
  /** `closeReason`: refused again and again; close the connection with 4429 and it. */
  | { kind: 'refused'; error: GraphQLError; closeReason?: string };

export interface ConnectionRate {
  check(userId: string): Promise<SubscribeVerdict>;
}

const ALLOWED: SubscribeVerdict = { kind: 'allowed' };
const CUT_OFF = 'Too many subscribes: went on past RATE_LIMITED errors';

export function createSubscribeRate(opts: SubscribeRateOptions) {
  const perSocket = perSecondLimiter(opts.perSocket);
  const { perUser } = opts;
  // Refusals a connection may collect in one window before it is closed.
  const refusals = perSecondLimiter(opts.perSocket || perUser.limit);
  let nextConnection = 0;

  return {
    /** One per connection: its count starts at nothing and ends with it. */
    forConnection(): ConnectionRate {
      const key = String(nextConnection++);
      return {
        async check(userId) {
          const socketWait = await waitOf(perSocket, key);
          const wait = socketWait ?? (await perUser.take(userId));
          if (wait === undefined) return ALLOWED;
          const error =
            socketWait !== undefined
              ? startsRateLimited(opts.perSocket, 'connection', wait)
              : startsRateLimited(perUser.limit, 'user', wait);
          const persistent = (await waitOf(refusals, key)) !== undefined;
          return persistent
            ? { kind: 'refused', error, closeReason: CUT_OFF }
            : { kind: 'refused', error };
        },
      };
    },
  };
}
