/**
 * sendChat / startChat per user per minute (rate-limiter-flexible). In memory by
 * default; with Redis the count lives there, so the limit holds across instances, and
 * while Redis is unreachable each instance counts in memory instead (the insurance
 * limiter) rather than refusing every chat. GraphQL-agnostic: the resolvers turn a
 * refusal into RATE_LIMITED.
 */
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** A chat over the limit: when the next one is allowed. */
export interface ChatRateRefusal {
  retryAfterMs: number;
  /** Chats per minute. */
  limit: number;
}

export interface ChatRateLimiter {
  /** Counts one chat for the user: undefined when it is allowed, else the refusal. */
  consume(userId: string): Promise<ChatRateRefusal | undefined>;
}

const WINDOW_S = 60;

export function createChatRateLimiter(opts: {
  chatsPerMinute: number;
  /** The instance's command connection (services/redis.ts); absent without REDIS_URL. */
  redis: Redis | undefined;
  /** Deployments sharing one Redis but not one database count apart. */
  namespace: string;
}): ChatRateLimiter {
  const { chatsPerMinute, redis } = opts;
  if (chatsPerMinute === 0) return { consume: async () => undefined };
  const keyPrefix = `parley:${opts.namespace}:chat-rate`;
  const options = { points: chatsPerMinute, duration: WINDOW_S, keyPrefix };
  const memory = new RateLimiterMemory(options);
  if (!redis) return limiterOf(memory, chatsPerMinute);
  // While Redis is away the insurance limiter answers at once (rejectIfRedisNotReady),
  // and a count caught by a disconnect fails after the connection's single retry and
  // goes to it too: a chat is never held up nor refused because of Redis. The outage
  // itself is logged once by the connection's owner (services/redis.ts).
  const shared = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
  return limiterOf(shared, chatsPerMinute);
}

function limiterOf(limiter: RateLimiterAbstract, chatsPerMinute: number): ChatRateLimiter {
  return {
    async consume(userId) {
      try {
        await limiter.consume(userId);
        return undefined;
      } catch (error) {
        // A rejection with a RateLimiterRes means "over the limit"; anything else is a
        // store failure, which goes on to Yoga's masking as an unexpected error.
        if (!(error instanceof RateLimiterRes)) throw error;
        return { retryAfterMs: Math.max(1, Math.ceil(error.msBeforeNext)), limit: chatsPerMinute };
      }
    },
  };
}
