/**
 * Builds the long-lived services from config: store, fan-out (in-process, or Redis
 * for several instances), turn registry, agent and turn runner.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Services } from './resolvers/context.js';
import type { Agent } from './runtime/agent.js';
import { LocalAgent } from './runtime/agents/local.js';
import { OpenAIAgent } from './runtime/agents/openai.js';
import { AuditRecorder } from './runtime/audit-recorder.js';
import { type EventBus, LocalBus } from './runtime/bus.js';
import { startLeaseSweeper } from './runtime/lease-sweeper.js';
import { createAutoPruner } from './runtime/pruner.js';
import { RedisBus } from './runtime/redis-bus.js';
import {
  LocalTurnRegistry,
  RedisTurnRegistry,
  type TurnRegistry,
} from './runtime/turn-registry.js';
import { TurnRunner } from './runtime/turn-runner.js';
import type { AuditLog } from './store/audit.js';
import { MemoryAuditLog } from './store/audit-memory.js';
import { MongoAuditLog } from './store/audit-mongo.js';
import { MemoryStore } from './store/memory.js';
import { MongoStore } from './store/mongo.js';
import type { Store } from './store/store.js';
import { MemoryTicketStore, MongoTicketStore, type TicketStore } from './store/tickets.js';

export interface ServiceOverrides {
  store?: Store;
  agent?: Agent;
}

export async function createServices(
  config: Config,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  const instanceId = randomUUID();
  const { store, audit, tickets } = await openStores(config, logger, overrides.store);
  await Promise.all([store.init(), audit.init(), tickets.init()]);
  const auditRecorder = new AuditRecorder(audit, logger);
  const fanOut = await openFanOut(config, instanceId);
  const agent = overrides.agent ?? createAgent(config);
  const runner = new TurnRunner({
    store,
    bus: fanOut.bus,
    registry: fanOut.registry,
    agent,
    logger,
    queueLimit: config.turnQueueLimit,
    lease: { owner: instanceId, leaseMs: config.turnLeaseMs },
    afterTurn: createAutoPruner(store, config, logger),
    onEventPublished: (event) => auditRecorder.record(event),
  });
  await runner.listen();
  const stopSweeper = startLeaseSweeper({ store, runner, intervalMs: config.turnLeaseMs, logger });
  return {
    config,
    store,
    bus: fanOut.bus,
    runner,
    audit,
    auditRecorder,
    tickets,
    logger,
    close: async () => {
      await stopSweeper();
      await auditRecorder.flush();
      await fanOut.close();
      await store.close();
    },
  };
}

/** The session store, the audit log and the tickets live in the same database. */
async function openStores(
  config: Config,
  logger: Logger,
  given?: Store,
): Promise<{ store: Store; audit: AuditLog; tickets: TicketStore }> {
  const store = given ?? (await openStore(config, logger));
  if (store instanceof MongoStore) {
    return { store, audit: new MongoAuditLog(store.db), tickets: new MongoTicketStore(store.db) };
  }
  return { store, audit: new MemoryAuditLog(), tickets: new MemoryTicketStore() };
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

interface FanOut {
  bus: EventBus;
  registry: TurnRegistry;
  close(): Promise<void>;
}

async function openFanOut(config: Config, instanceId: string): Promise<FanOut> {
  if (!config.redisUrl) {
    const bus = new LocalBus();
    return { bus, registry: new LocalTurnRegistry(), close: () => bus.close() };
  }
  // Pub/sub needs a connection of its own: a subscribed Redis connection can't publish.
  const publisher = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(config.redisUrl, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const bus = new RedisBus(publisher, subscriber, instanceId);
  const registry = new RedisTurnRegistry(publisher, subscriber, instanceId);
  return {
    bus,
    registry,
    close: async () => {
      await registry.close();
      await bus.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

function createAgent(config: Config): Agent {
  switch (config.agent) {
    case 'local':
      return new LocalAgent(config.localAgentTokenDelayMs);
    case 'openai':
      // loadConfig guarantees the settings with AGENT=openai; this guards hand-made configs.
      if (!config.openai) throw new Error('AGENT=openai needs OPENAI_BASE_URL and OPENAI_MODEL');
      return new OpenAIAgent(config.openai);
  }
}
