/**
 * How many operations a WebSocket may start per second (`subscribe` messages: queries
 * and mutations too), per connection and per user (all of that user's connections to
 * this instance), counted in memory with rate-limiter-flexible (one-second windows).
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
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export const CLOSE_RATE_LIMITED = 4429;

export interface SubscribeRateOptions {
  /** Operations one connection may start per second (0: no limit). */
  perSocket: number;
  /** Operations one user may start per second over all connections (0: no limit). */
  perUser: number;
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
  const limiter = (points: number) =>
    points > 0 ? new RateLimiterMemory({ points, duration: 1 }) : undefined;
  const perSocket = limiter(opts.perSocket);
  const perUser = limiter(opts.perUser);
  // Refusals a connection may collect in one window before it is closed.
  const refusals = limiter(opts.perSocket || opts.perUser);
  let nextConnection = 0;

  /** The wait before the limiter takes another, or undefined when it took this one. */
  const waitOf = async (
    rate: RateLimiterMemory | undefined,
    key: string,
  ): Promise<number | undefined> => {
    if (!rate) return undefined;
    try {
      await rate.consume(key);
      return undefined;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return Math.max(1, Math.ceil(error.msBeforeNext));
    }
  };

  return {
    /** One per connection: its count starts at nothing and ends with it. */
    forConnection(): ConnectionRate {
      const key = String(nextConnection++);
      return {
        async check(userId) {
          const socketWait = await waitOf(perSocket, key);
          const wait = socketWait ?? (await waitOf(perUser, userId));
          if (wait === undefined) return ALLOWED;
          const [limit, per] =
            socketWait !== undefined ? [opts.perSocket, 'connection'] : [opts.perUser, 'user'];
          const error = new GraphQLError(
            `at most ${limit} operations started per second per ${per}; retry in ${wait} ms`,
            { extensions: { code: 'RATE_LIMITED', limit, per, retryAfterMs: wait } },
          );
          const persistent = (await waitOf(refusals, key)) !== undefined;
          return persistent
            ? { kind: 'refused', error, closeReason: CUT_OFF }
            : { kind: 'refused', error };
        },
      };
    },
  };
}
