/**
 * One set of Redis connections per instance: the composition root opens a command
 * connection and a subscriber, the event bus, the turn registry and the chat rate
 * limiter share them, and app.stop closes them. Counted on a private redis-server that
 * no other test connects to.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { SEND_CHAT } from './support/operations.js';
import { type PrivateRedis, startPrivateRedis } from './support/redis-server.js';
import { startServer } from './support/server.js';

let redis: PrivateRedis;
let probe: Redis;

beforeAll(async () => {
  redis = await startPrivateRedis();
  probe = new Redis(redis.url);
});

afterAll(async () => {
  probe.disconnect();
  await redis.stop();
});

/** Connections open on the server, the probe's own left out. */
async function connections(): Promise<number> {
  const list = (await probe.client('LIST')) as string;
  return list.trim().split('\n').length - 1;
}

it('opens two connections, counts chats over them, and closes them at stop', async () => {
  expect(await connections()).toBe(0);
  const s = await startServer({ REDIS_URL: redis.url, RATE_LIMIT_CHATS_PER_MINUTE: '5' });
  expect(await connections()).toBe(2);
  const sent = await s.gql(SEND_CHAT, { input: { content: 'hello' } });
  expect(sent.errors).toBeUndefined();
  // The chat was counted in Redis (the limit holds across instances), and no third
  // connection was opened for it.
  expect(await probe.keys('parley:*chat-rate*')).toHaveLength(1);
  expect(await connections()).toBe(2);
  await s.app.stop();
  await vi.waitFor(async () => expect(await connections()).toBe(0));
});
