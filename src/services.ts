/**
 * Builds the long-lived services from config: store, bus, agent, turn runner.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Services } from './resolvers/context.js';
import type { Agent } from './runtime/agent.js';
import { LocalAgent } from './runtime/agents/local.js';
import { type EventBus, LocalBus } from './runtime/bus.js';
import { createAutoPruner } from './runtime/pruner.js';
import { TurnRunner } from './runtime/turn-runner.js';
import { MemoryStore } from './store/memory.js';
import { MongoStore } from './store/mongo.js';
import type { Store } from './store/store.js';

export interface ServiceOverrides {
  store?: Store;
  agent?: Agent;
  bus?: EventBus;
}

export async function createServices(
  config: Config,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  const store = overrides.store ?? (await openStore(config, logger));
  await store.init();
  const bus = overrides.bus ?? new LocalBus();
  const agent = overrides.agent ?? createAgent(config);
  const instanceId = randomUUID();
  const autoPrune = createAutoPruner(store, config, logger);
  const runner = new TurnRunner({
    store,
    bus,
    agent,
    logger,
    queueLimit: config.turnQueueLimit,
    lease: { owner: instanceId, leaseMs: config.turnLeaseMs },
    afterTurn: autoPrune,
  });
  return { config, store, bus, runner, logger };
}

async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongodbUri) {
    return MongoStore.connect({ uri: config.mongodbUri, dbName: config.mongodbDb });
  }
  logger.warn(
    'MONGODB_URI is not set: using the in-memory store. Nothing survives a restart; set MONGODB_URI to keep sessions.',
  );
  return new MemoryStore();
}

function createAgent(config: Config): Agent {
  switch (config.agent) {
    case 'local':
      return new LocalAgent(config.localAgentTokenDelayMs);
    case 'openai':
      throw new Error('AGENT=openai is not available yet; use AGENT=local');
  }
}
