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
import type { SessionDoc } from './model/documents.js';
import { createMetrics, type ParleyMetrics } from './observability/metrics.js';
import type { Agent } from './runtime/agents/agent.js';
import { ApprovalDesk } from './runtime/approvals/desk.js';
import {
  ApprovalPolicy,
  knownToolNames,
  unknownApprovalTools,
} from './runtime/approvals/policy.js';
import { ApprovalWaiters } from './runtime/approvals/waiters.js';
import type { EventBus } from './runtime/fanout/bus.js';
import type { FeedBus } from './runtime/feed/feed-bus.js';
import { SessionFeed } from './runtime/feed/session-feed.js';
import { startLeaseSweeper } from './runtime/leases/sweeper.js';
import { createAutoPruner } from './runtime/maintenance/session-pruner.js';
import { startTicketPruner } from './runtime/maintenance/ticket-pruner.js';
import { TurnRunner } from './runtime/turns/runner.js';
import { createAgent } from './services/agent.js';
import { type ChatRateLimiter, createChatRateLimiter } from './services/chat-rate-limiter.js';
import { openFanOut } from './services/fan-out.js';
import { openRedis } from './services/redis.js';
import { openStores } from './services/stores.js';
import { MongoStore } from './store/mongo.js';
import type { Store } from './store/store.js';
import type { TicketStore } from './store/tickets.js';

export interface Services {
  config: Config;
  store: Store;
  bus: EventBus;
  /** The viewer feed: where session changes are recorded, and how they fan out. */
  feed: SessionFeed;
  /** A session was created (a fork; a turn's comes from the runner): its owner's feed says so, and the per-user limit is checked. */
  sessionCreated(session: SessionDoc): void;
  feedBus: FeedBus;
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
  const feed = new SessionFeed(store, fanOut.feedBus, logger);
  const pruner = createAutoPruner(store, config, logger, (removed) => {
    for (const { id } of removed) fanOut.bus.publishEnded(id);
    feed.deleted(removed);
  });
  const sessionCreated = (session: SessionDoc, turnFollows = false) => {
    feed.created(session);
    pruner.sessionCreated(session.userId, turnFollows);
  };
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
    afterTurn: (userId) => pruner.turnEnded(userId),
    onSessionCreated: (session) => sessionCreated(session, true),
    onTurnSettled: (event, session) => feed.settled(event, session),
  });
  // A tap on this instance's publications, not a subscription: with Redis, each event
  // reaches the audit trail and metrics once, on the instance that stored it.
  fanOut.bus.onPublished((event) => {
    auditRecorder.record(event);
    metrics.observeEvent(event);
    feed.heard(event);
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
    feed,
    sessionCreated,
    feedBus: fanOut.feedBus,
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
      await feed.flush();
      await fanOut.close();
      redis?.close();
      await store.close();
    },
  };
}
