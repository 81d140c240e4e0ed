/**
 * One budget per user for the operations they start per second on this instance
 * (WS_USER_SUBSCRIBES_PER_SECOND), whatever the transport: every operation on a
 * WebSocket (counted by websocket.ts before it is parsed) and every subscription over
 * HTTP: graphql-sse at /graphql/stream in both modes and Yoga's own SSE at /graphql
 * (counted by the envelop plugin below, the one place all of them pass on their way to
 * the resolver). A subscription completed at once frees its place among the open ones,
 * so only a bound on starts stops a subscribe-then-complete loop, and each start costs
 * a context, a store read and a bus subscription.
 *
 * Kept in memory per instance with rate-limiter-flexible (one-second windows), as the
 * per-connection WebSocket limit: a user with streams on N instances gets N times the
 * budget. Over it: RATE_LIMITED with `limit`, `per: "user"` and `retryAfterMs`; over
 * HTTP a JSON 429 with Retry-After, also for an SSE request.
 */
import { GraphQLError } from 'graphql';
import { type Plugin, processRegularResult } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Viewer } from '../auth/viewer.js';

/** `points` starts a second for one key; undefined when there is no limit (0). */
export function perSecondLimiter(points: number): RateLimiterMemory | undefined {
  return points > 0 ? new RateLimiterMemory({ points, duration: 1 }) : undefined;
}

/** The wait before the limiter takes another, or undefined when it took this one. */
export async function waitOf(
  rate: RateLimiterMemory | undefined,
  key: string,
): Promise<number | undefined> {
  if (!rate) return undefined;
  try {
    await rate.consume(key);
    return undefined;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return Math.max(1, Math.ceil(error.msBeforeNext));
  }
}

/** The refusal, as on every transport; `overHttp`: with the 429 and Retry-After to answer. */
export function startsRateLimited(
  limit: number,
  per: 'connection' | 'user',
  wait: number,
  overHttp = false,
): GraphQLError {
  const extensions: Record<string, unknown> = {
    code: 'RATE_LIMITED',
    limit,
    per,
    retryAfterMs: wait,
  };
  if (overHttp) {
    const retryAfter = String(Math.ceil(wait / 1000));
    extensions.http = { status: 429, headers: { 'Retry-After': retryAfter } };
  }
  return new GraphQLError(
    `at most ${limit} operations started per second per ${per}; retry in ${wait} ms`,
    { extensions },
  );
}

export interface UserOperationRate {
  /** Starts per second per user (0: no limit). */
  readonly limit: number;
  /** Counts a start by `userId`: undefined when allowed, else the wait in ms. */
  take(userId: string): Promise<number | undefined>;
}

export function createUserOperationRate(limit: number): UserOperationRate {
  const limiter = perSecondLimiter(limit);
  return { limit, take: (userId) => waitOf(limiter, userId) };
}

/**
 * Envelop plugin: a subscription that did not come over a WebSocket takes its point
 * from its user's budget before it is subscribed (after authentication, parse and
 * context, which tell who it is; before the resolver, its store read and bus
 * subscription). Refused, it throws: graphql-sse's handler (sse-stream.ts) and Yoga
 * answer the error's 429; for Yoga's own SSE the answer is JSON rather than an event
 * stream, as graphql-sse's handler gives.
 */
export function useUserOperationRate(rate: UserOperationRate): Plugin {
  if (rate.limit <= 0) return {};
  return {
    async onSubscribe({ args }) {
      const context = (args.contextValue ?? {}) as { viewer?: Viewer };
      // A WebSocket's context holds graphql-ws's `extra` (as in request-context.ts):
      // websocket.ts counted the operation already, before parsing it.
      if ('extra' in context) return;
      const userId = context.viewer?.userId;
      if (userId === undefined) return;
      const wait = await rate.take(userId);
      if (wait !== undefined) throw startsRateLimited(rate.limit, 'user', wait, true);
    },
    onResultProcess({ result, setResultProcessor }) {
      if (isStartsRefusal(result)) setResultProcessor(processRegularResult, 'application/json');
    },
  };
}

/** Our refusal, alone in a result that is not a stream. */
function isStartsRefusal(result: unknown): boolean {
  const errors = (result as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length !== 1) return false;
  const error = errors[0];
  return (
    error instanceof GraphQLError &&
    error.extensions.code === 'RATE_LIMITED' &&
    error.extensions.per === 'user' &&
    (error.extensions.http as { status?: number } | undefined)?.status === 429
  );
}
