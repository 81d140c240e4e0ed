/**
 * sessionUpdates through a Redis outage (SIGKILL of a private redis-server, restarted on
 * the same port): a feed on instance B misses the updates of a turn on A while Redis is
 * away, and once Redis is back it has them all, in order, without any later update
 * revealing the gap (B re-reads the log when its subscription is back; A re-sends what
 * it could not publish).
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { feedListenersReady, watchFeed } from './support/feed.js';
import { useTestDatabase } from './support/mongo.js';
import { SEND_CHAT } from './support/operations.js';
import { type PrivateRedis, startPrivateRedis } from './support/redis-server.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';

let redis: PrivateRedis;
let env: Record<string, string>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await useTestDatabase('feed_outage');
  drop = db.drop;
  redis = await startPrivateRedis();
  env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, REDIS_URL: redis.url };
});
afterEach(disposeAll);
afterAll(async () => {
  await redis.stop();
  await drop();
});

const WAIT = { timeout: 20_000, interval: 50 };
const redisCheck = async (s: TestServer) => (await s.app.services.ping()).checks.redis;

it('a feed on B gets the updates made on A during a Redis outage, once Redis is back', async () => {
  const a = await startServer(env);
  const b = await startServer(env);
  const onB = watchFeed(b.wsClient());
  await feedListenersReady(b.app, 1);
  await a.gql(SEND_CHAT, { input: { content: 'before' } });
  await onB.upTo(3);

  await redis.kill();
  for (const s of [a, b]) await expect.poll(() => redisCheck(s), WAIT).toBe('unreachable');
  const during = await a.gql<any>(SEND_CHAT, { input: { content: 'during the outage' } });
  expect(during.errors).toBeUndefined();
  const heardDuring = onB.updates.length;
  await redis.restart();

  const all = await onB.upTo(6);
  expect(heardDuring).toBe(3); // nothing crossed while Redis was away
  const sessionId = during.data!.sendChat.sessionId;
  expect(all.slice(3).map((u) => [u.change, u.sessionId, u.session?.status])).toEqual([
    ['CREATED', sessionId, 'IDLE'],
    ['UPDATED', sessionId, 'RUNNING'],
    ['UPDATED', sessionId, 'IDLE'],
  ]);
  // The same updates, once each, as the log holds them.
  const replay = watchFeed(a.wsClient(), { after: all[0]!.cursor });
  expect((await replay.upTo(5)).map((u) => u.cursor)).toEqual(all.slice(1).map((u) => u.cursor));
  expect(onB.updates).toHaveLength(6);
  expect(onB.errors).toEqual([]);
}, 60_000);
