/**
 * The fan-out services: in-process without Redis; over the instance's Redis
 * connections with it (the event bus, the viewer feed's bus and the turn registry
 * share them).
 */
import type { EventBus } from '../runtime/fanout/bus.js';
import { LocalBus } from '../runtime/fanout/bus.js';
import { RedisBus } from '../runtime/fanout/redis-bus.js';
import { type FeedBus, LocalFeedBus } from '../runtime/feed/feed-bus.js';
import { RedisFeedBus } from '../runtime/feed/redis-feed-bus.js';
import { RedisTurnRegistry } from '../runtime/turns/redis-registry.js';
import { LocalTurnRegistry, type TurnRegistry } from '../runtime/turns/registry.js';
import type { RedisConnections } from './redis.js';

interface FanOut {
  bus: EventBus;
  feedBus: FeedBus;
  registry: TurnRegistry;
  close(): Promise<void>;
}

export function openFanOut(redis: RedisConnections | undefined, instanceId: string): FanOut {
  if (!redis) {
    const bus = new LocalBus();
    const feedBus = new LocalFeedBus();
    const close = async () => {
      await feedBus.close();
      await bus.close();
    };
    return { bus, feedBus, registry: new LocalTurnRegistry(), close };
  }
  const bus = new RedisBus(redis.commands, redis.subscriber, instanceId);
  const registry = new RedisTurnRegistry(redis.commands, redis.subscriber, instanceId);
  const feedBus = new RedisFeedBus(redis.commands, redis.subscriber, instanceId);
  return {
    bus,
    feedBus,
    registry,
    close: async () => {
      await feedBus.close();
      await registry.close();
      await bus.close();
    },
  };
}
