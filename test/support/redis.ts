/** The Redis server for tests: REDIS_URL (CI sets it), else the machine's 127.0.0.1:6379. */
import { Redis } from 'ioredis';

export async function redisUrl(): Promise<string> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new Error(
      `These tests need Redis at ${url} (${String(error)}). Start one (redis-server) or set REDIS_URL.`,
    );
  } finally {
    probe.disconnect();
  }
  return url;
}
