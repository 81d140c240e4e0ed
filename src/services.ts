/**
 * Builds the long-lived services from config: store, fan-out (in-process, or Redis
 * for several instances), turn registry, agent, turn runner and metrics.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AuditLog } from './audit/log.js';
import { MemoryAuditLog } from './audit/memory-log.js';
import { MongoAuditLog } from './audit/mongo-log.js';
import { AuditRecorder } from './audit/recorder.js';
import type { Config } from './config.js';
import { createMetrics, type ParleyMetrics } from './observability/metrics.js';
import type { Agent } from './runtime/agents/agent.js';
import { LocalAgent } from './runtime/agents/local.js';
import { OpenAIAgent } from './runtime/agents/openai/agent.js';
import { type EventBus, LocalBus } from './runtime/fanout/bus.js';
import { RedisBus } from './runtime/fanout/redis-bus.js';
import { startLeaseSweeper } from './runtime/leases/sweeper.js';
import { createAutoPruner } from './runtime/maintenance/session-pruner.js';
import { startTicketPruner } from './runtime/maintenance/ticket-pruner.js';
import {
  LocalTurnRegistry,
  RedisTurnRegistry,
  type TurnRegistry,
} from './runtime/turns/registry.js';
import { TurnRunner } from './runtime/turns/runner.js';
import { connectRedisAtStart } from './startup-errors.js';
import { MemoryStore } from './store/memory.js';
import { MongoStore } from './store/mongo.js';
import type { Store } from './store/store.js';
import { MemoryTicketStore, MongoTicketStore, type TicketStore } from './store/tickets.js';

export interface Services {
  config: Config;
  store: Store;
  bus: EventBus;
  runner: TurnRunner;
  audit: AuditLog;
  /** Appends runtime events and access denials to the audit trail. */
  auditRecorder: AuditRecorder;
  tickets: TicketStore;
  logger: Logger;
  metrics: ParleyMetrics;
  /** Readiness: whether the database and, when configured, Redis answer. */
  ping(): Promise<Readiness>;
  /** Releases connections (database, Redis); the server is closed first. */
  close(): Promise<void>;
}

export interface Readiness {
  ready: boolean;
  /** Per dependency: `ok`, or why not (no connection strings, no content). */
  checks: Record<string, string>;
}

export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

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
  const metrics = createMetrics({ defaultMetrics: config.metricsEnabled });
  const fanOut = await openFanOut(config, instanceId, logger);
  const agent = overrides.agent ?? createAgent(config);
  const runner = new TurnRunner({
    store,
    bus: fanOut.bus,
    registry: fanOut.registry,
    agent,
    logger,
    queueLimit: config.turnQueueLimit,
    lease: { owner: instanceId, leaseMs: config.turnLeaseMs },
    afterTurn: createAutoPruner(store, config, logger, (ids) => {
      for (const id of ids) fanOut.bus.publishEnded(id);
    }),
    onEventPublished: (event) => {
      auditRecorder.record(event);
      metrics.observeEvent(event);
    },
  });
  if (store instanceof MongoStore) {
    store.client.on('commandStarted', (event) => metrics.countMongoCommand(event.commandName));
  }
  metrics.watch({
    runningTurns: () => runner.activeTurns,
    activeSubscriptions: () => fanOut.bus.listenerCount(),
  });
  await runner.listen();
  const stopSweeper = startLeaseSweeper({ store, runner, intervalMs: config.turnLeaseMs, logger });
  const ticketPruner = startTicketPruner({ tickets, logger });
  return {
    config,
    store,
    bus: fanOut.bus,
    runner,
    audit,
    auditRecorder,
    tickets,
    logger,
    metrics,
    ping: async () => {
      const [database, redis] = await Promise.all([
        store.ping().then(ok, () => 'unreachable'),
        fanOut.ping?.(),
      ]);
      const checks: Readiness['checks'] = {
        [store.kind === 'mongo' ? 'mongodb' : 'memory']: database,
      };
      if (redis) checks.redis = redis;
      return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
    },
    close: async () => {
      await stopSweeper();
      await ticketPruner.stop();
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
    // Command events feed parley_mongodb_commands_total; without /metrics nobody reads them.
    const monitorCommands = config.metricsEnabled;
    return MongoStore.connect({
      uri: config.mongodbUri,
      dbName: config.mongodbDb,
      monitorCommands,
    });
  }
  logger.warn(
    'MONGODB_URI is not set: using the in-memory store. Nothing survives a restart; set MONGODB_URI to keep sessions.',
  );
  return new MemoryStore();
}

interface FanOut {
  bus: EventBus;
  registry: TurnRegistry;
  /** Whether Redis answers; absent without Redis. */
  ping?(): Promise<string>;
  close(): Promise<void>;
}

const ok = () => 'ok';
/** Readiness answers quickly: a probe that hangs is as bad as a failed one. */
const REDIS_PING_TIMEOUT_MS = 1000;

async function openFanOut(config: Config, instanceId: string, logger: Logger): Promise<FanOut> {
  if (!config.redisUrl) {
    const bus = new LocalBus();
    return { bus, registry: new LocalTurnRegistry(), close: () => bus.close() };
  }
  // Pub/sub needs a connection of its own: a subscribed Redis connection can't publish.
  // Both fail fast while Redis is away instead of queueing commands (no offline queue,
  // one retry for a command caught by a disconnect), and resubscribe nothing by
  // themselves: the bus and the registry resubscribe their channels and make good what
  // the outage lost (see redis-bus.ts, turn-registry.ts).
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 1,
  };
  const publisher = new Redis(config.redisUrl, options);
  const subscriber = new Redis(config.redisUrl, options);
  // Within REDIS_START_TIMEOUT_MS or a RedisStartError (one line from main.ts, exit 1).
  await connectRedisAtStart([publisher, subscriber]);
  for (const [role, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    logConnectionErrors(client, role, logger);
  }
  const bus = new RedisBus(publisher, subscriber, instanceId);
  const registry = new RedisTurnRegistry(publisher, subscriber, instanceId);
  return {
    bus,
    registry,
    ping: async () => {
      // Either connection down is an outage: publishing or receiving stops.
      if (publisher.status !== 'ready' || subscriber.status !== 'ready') return 'unreachable';
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), REDIS_PING_TIMEOUT_MS);
      });
      const pong = publisher.ping().then(ok, () => 'unreachable');
      return Promise.race([pong, timeout]).finally(() => clearTimeout(timer));
    },
    close: async () => {
      await registry.close();
      await bus.close();
      subscriber.disconnect();
      publisher.disconnect();
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
