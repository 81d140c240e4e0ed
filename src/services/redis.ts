/**
 * The one set of Redis connections an instance opens (with REDIS_URL): a command
 * connection, shared by the event bus and the turn registry (publishing) and the chat
 * rate limiter (counting), and the subscriber, which pub/sub needs for itself (a
 * subscribed connection cannot send other commands). The composition root opens it,
 * hands it out and closes it; nothing else connects to Redis.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DeadlineError, withDeadline } from '../lib/deadline.js';
import { RedisStartError } from '../startup-errors.js';

export interface RedisConnections {
  commands: Redis;
  subscriber: Redis;
  /** `ok`, `unreachable` or `timeout`: either connection down is an outage. */
  ping(): Promise<string>;
  /** Disconnects both; whoever used them has stopped first. */
  close(): void;
}

/** Readiness answers quickly: a probe that hangs is as bad as a failed one. */
const PING_TIMEOUT_MS = 1000;

export async function openRedis(url: string, logger: Logger): Promise<RedisConnections> {
  // Both fail fast while Redis is away instead of queueing commands (no offline queue,
  // one retry for a command caught by a disconnect), and resubscribe nothing by
  // themselves: the bus and the registry resubscribe their channels and make good what
  // the outage lost (see redis-bus.ts, registry.ts). The rate limiter counts in memory
  // meanwhile (chat-rate-limiter.ts).
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 1,
  };
  const commands = new Redis(url, options);
  const subscriber = new Redis(url, options);
  // Within REDIS_START_TIMEOUT_MS or a RedisStartError (one line from main.ts, exit 1).
  await connectRedisAtStart([commands, subscriber]);
  logConnectionErrors(commands, 'commands', logger);
  logConnectionErrors(subscriber, 'subscriber', logger);
  return {
    commands,
    subscriber,
    ping: async () => {
      // Publishing and counting, or receiving, stops with either connection.
      if (commands.status !== 'ready' || subscriber.status !== 'ready') return 'unreachable';
      return withDeadline(commands.ping(), PING_TIMEOUT_MS, 'Redis did not answer a ping').then(
        () => 'ok',
        (err) => (err instanceof DeadlineError ? 'timeout' : 'unreachable'),
      );
    },
    close: () => {
      subscriber.disconnect();
      commands.disconnect();
    },
  };
}

/**
 * ioredis reconnects by itself and, with no listener, prints every failed attempt to
 * stderr. One structured line per outage instead (/ready reports it meanwhile).
 */
function logConnectionErrors(client: Redis, role: string, logger: Logger): void {
  let down = false;
  client.on('error', (err) => {
    if (!down) logger.warn({ err, role }, 'redis: connection lost; reconnecting');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ role }, 'redis: connection back');
    down = false;
  });
}

/** How long Redis gets at start; ioredis would otherwise retry for ever (connectTimeout 10 s each). */
const REDIS_START_TIMEOUT_MS = 5000;

/**
 * Connects the clients or throws a RedisStartError within timeoutMs. ioredis rejects
 * connect() with a bare "Connection is closed." and reports the cause (ECONNREFUSED,
 * WRONGPASS...) as an 'error' event: that event's message is the reason given. Meanwhile
 * the errors are not logged (the caller's outage logging starts once connected).
 */
async function connectRedisAtStart(
  clients: Redis[],
  timeoutMs = REDIS_START_TIMEOUT_MS,
): Promise<void> {
  let lastError: Error | undefined;
  const remember = (err: Error) => {
    lastError = err;
  };
  for (const client of clients) client.on('error', remember);
  const connected = Promise.all(clients.map((c) => c.connect()));
  try {
    await withDeadline(connected, timeoutMs, `no answer within ${timeoutMs / 1000} s`);
  } catch (err) {
    // Stop the reconnection attempts: nothing will use these clients.
    for (const client of clients) client.disconnect();
    throw new RedisStartError((lastError ?? (err as Error)).message);
  } finally {
    for (const client of clients) client.off('error', remember);
  }
}
