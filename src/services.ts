/**
 * The composition root: builds the long-lived services from config (store, fan-out
 * in-process or over Redis for several instances, turn registry, agent, turn runner,
 * chat rate limiter, metrics), owns every client they use (the database, the one set
 * of Redis connections) and closes them.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditLog } from './audit/log.js';
import { AuditRecorder } from './audit/recorder.js';
import { type Config, ConfigError } from './config.js';
import { createMetrics, type ParleyMetrics } from './observability/metrics.js';
import type { Agent } from './runtime/agents/agent.js';
import { ApprovalDesk } from './runtime/approvals/desk.js';
import {
  ApprovalPolicy,
  knownToolNames,
  unknownApprovalTools,
} from './runtime/approvals/policy.js';
import { ApprovalWaiters } from './runtime/approvals/waiters.js';
import { type EventBus, LocalBus } from './runtime/fanout/bus.js';
import { RedisBus } from './runtime/fanout/redis-bus.js';
import { startLeaseSweeper } from './runtime/leases/sweeper.js';
import { createAutoPruner } from './runtime/maintenance/session-pruner.js';
import { startTicketPruner } from './runtime/maintenance/ticket-pruner.js';
import { RedisTurnRegistry } from './runtime/turns/redis-registry.js';
import { LocalTurnRegistry, type TurnRegistry } from './runtime/turns/registry.js';
import { TurnRunner } from './runtime/turns/runner.js';
import { createAgent } from './services/agent.js';
import { type ChatRateLimiter, createChatRateLimiter } from './services/chat-rate-limiter.js';
import { openRedis, type RedisConnections } from './services/redis.js';
import { openStores } from './services/stores.js';
import { MongoStore } from './store/mongo.js';
import type { Store } from './store/store.js';
import type { TicketStore } from './store/tickets.js';

export interface Services {
  config: Config;
  store: Store;
  bus: EventBus;
  runner: TurnRunner;
  /** Where a person's decision on a tool call lands (resolveToolApproval). */
  approvals: ApprovalDesk;
  audit: AuditLog;
  /** Appends runtime events and access denials to the audit trail. */
  auditRecorder: AuditRecorder;
  tickets: TicketStore;
  /** sendChat / startChat per user per minute (RATE_LIMIT_CHATS_PER_MINUTE). */
  chatRateLimiter: ChatRateLimiter;
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
  const unknownTools = unknownApprovalTools(config.approvals.tools);
  if (unknownTools.length > 0) {
    throw new ConfigError(
      `TOOLS_REQUIRING_APPROVAL: no tool is called ${unknownTools.join(', ')} (the tools: ${knownToolNames()}, or * for all)`,
    );
  }
  const { store, audit, tickets } = await openStores(config, logger, overrides.store);
  await Promise.all([store.init(), audit.init(), tickets.init()]);
  const auditRecorder = new AuditRecorder(audit, logger);
  const metrics = createMetrics({ defaultMetrics: config.metricsEnabled });
  const redis = config.redisUrl ? await openRedis(config.redisUrl, logger) : undefined;
  const fanOut = openFanOut(redis, instanceId);
  const chatRateLimiter = createChatRateLimiter({
    chatsPerMinute: config.limits.chatsPerMinute,
    redis: redis?.commands,
    namespace: config.mongodbDb,
  });
  const agent = overrides.agent ?? createAgent(config);
  const waiters = new ApprovalWaiters();
  const runner = new TurnRunner({
    store,
    bus: fanOut.bus,
    registry: fanOut.registry,
    agent,
    logger,
    queueLimit: config.turnQueueLimit,
    lease: { owner: instanceId, leaseMs: config.turnLeaseMs },
    approvals: { policy: new ApprovalPolicy(config.approvals), waiters },
    afterTurn: createAutoPruner(store, config, logger, (ids) => {
      for (const id of ids) fanOut.bus.publishEnded(id);
    }),
  });
  // A tap on this instance's publications, not a subscription: with Redis, each event
  // reaches the audit trail and metrics once, on the instance that stored it.
  fanOut.bus.onPublished((event) => {
    auditRecorder.record(event);
    metrics.observeEvent(event);
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
    approvals: new ApprovalDesk(store, fanOut.registry, waiters),
    audit,
    auditRecorder,
    tickets,
    chatRateLimiter,
    logger,
    metrics,
    ping: async () => {
      const [database, redisCheck] = await Promise.all([
        store.ping().then(
          () => 'ok',
          () => 'unreachable',
        ),
        redis?.ping(),
      ]);
      const checks: Readiness['checks'] = {
        [store.kind === 'mongo' ? 'mongodb' : 'memory']: database,
      };
      if (redisCheck) checks.redis = redisCheck;
      return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
    },
    close: async () => {
      await stopSweeper();
      await ticketPruner.stop();
      await auditRecorder.flush();
      await fanOut.close();
      redis?.close();
      await store.close();
    },
  };
}

interface FanOut {
  bus: EventBus;
  registry: TurnRegistry;
  close(): Promise<void>;
}

/** In-process without Redis; over the instance's Redis connections with it. */
function openFanOut(redis: RedisConnections | undefined, instanceId: string): FanOut {
  if (!redis) {
    const bus = new LocalBus();
    return { bus, registry: new LocalTurnRegistry(), close: () => bus.close() };
  }
  const bus = new RedisBus(redis.commands, redis.subscriber, instanceId);
  const registry = new RedisTurnRegistry(redis.commands, redis.subscriber, instanceId);
  return {
    bus,
    registry,
    close: async () => {
      await registry.close();
      await bus.close();
    },
  };
}
