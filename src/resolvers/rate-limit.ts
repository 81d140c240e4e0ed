/**
 * sendChat / startChat per user per minute (rate-limiter-flexible). In memory by
 * default; with REDIS_URL the count lives in Redis, so the limit holds across
 * instances, and while Redis is unreachable each instance counts in memory instead
 * (the insurance limiter) rather than refusing every chat.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Services } from '../services.js';
import type { Context } from './context.js';
import { codedError } from './errors.js';

export interface ChatRateLimiter {
  /** Counts one chat for the user, or throws RATE_LIMITED with `retryAfterMs`. */
  consume(userId: string): Promise<void>;
  close(): Promise<void>;
}

const WINDOW_S = 60;

export function createChatRateLimiter(opts: {
  chatsPerMinute: number;
  redisUrl: string | undefined;
  /** Deployments sharing one Redis but not one database count apart. */
  namespace: string;
  logger: Logger;
}): ChatRateLimiter {
  const { chatsPerMinute, redisUrl, logger } = opts;
  if (chatsPerMinute === 0) return { consume: async () => {}, close: async () => {} };
  const keyPrefix = `parley:${opts.namespace}:chat-rate`;
  const options = { points: chatsPerMinute, duration: WINDOW_S, keyPrefix };
  const memory = new RateLimiterMemory(options);
  if (!redisUrl) return wrap(memory, chatsPerMinute, async () => {});
  // Counts wait for the first connection attempt. Afterwards, while Redis is away, the
  // insurance limiter answers at once (rejectIfRedisNotReady), and a count caught by a
  // disconnect fails after a single reconnect attempt and goes to it too: a chat is
  // never held up nor refused because of Redis.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
  });
  const connecting = redis.connect().catch(() => undefined); // failures: 'error' below
  let warned = false;
  redis.on('error', (error: Error) => {
    if (!warned)
      logger.warn({ err: error.message }, 'rate limiter: Redis unreachable; counting in memory');
    warned = true;
  });
  redis.on('ready', () => {
    warned = false;
  });
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
  return wrap(limiter, chatsPerMinute, async () => redis.disconnect(), connecting);
}

function wrap(
  limiter: RateLimiterAbstract,
  chatsPerMinute: number,
  close: () => Promise<void>,
  connecting?: Promise<void>,
): ChatRateLimiter {
  return {
    async consume(userId) {
      await connecting;
      try {
        await limiter.consume(userId);
      } catch (error) {
        // A rejection with a RateLimiterRes means "over the limit"; anything else is a
        // store failure, which goes on to Yoga's masking as an unexpected error.
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterMs = Math.max(1, Math.ceil(error.msBeforeNext));
        throw codedError(
          'RATE_LIMITED',
          `at most ${chatsPerMinute} chats per minute; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
          { retryAfterMs, limit: chatsPerMinute },
        );
      }
    },
    close,
  };
}

/**
 * One limiter per running app. Services belong to other layers, so the limiter hangs
 * off them here, made on first use (no Redis connection for an app that never chats).
 */
const limiters = new WeakMap<Services, ChatRateLimiter>();

function limiterFor(services: Services): ChatRateLimiter {
  let limiter = limiters.get(services);
  if (!limiter) {
    const { config, logger } = services;
    limiter = createChatRateLimiter({
      chatsPerMinute: config.limits.chatsPerMinute,
      redisUrl: config.redisUrl,
      namespace: config.mongodbDb,
      logger,
    });
    limiters.set(services, limiter);
  }
  return limiter;
}

/** Called by startTurn before anything is stored. */
export function checkChatRate(ctx: Context): Promise<void> {
  return limiterFor(ctx.services).consume(ctx.viewer.userId);
}

/** On app stop: releases the limiter's Redis connection, if it made one. */
export async function closeChatRateLimiter(services: Services): Promise<void> {
  const limiter = limiters.get(services);
  limiters.delete(services);
  await limiter?.close();
}
