/**
 * Prometheus metrics (prom-client), served at /metrics: Node's default metrics, HTTP
 * requests and GraphQL operations, and Parley's own (turns, subscriptions, events,
 * tokens, tool calls, errors by code, WebSocket connections).
 * Every label takes a small fixed set of values (never an id, a path with a query
 * string or anything a client typed), so the series stay few.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ERROR_CODE_LABELS } from '../model/error-codes.js';
import type { SessionEvent } from '../model/events.js';
import { createEventMetrics } from './event-metrics.js';
import { type CodedErrorLike, errorCodeLabel, mongoCommandLabel } from './metric-labels.js';

export type { CodedErrorLike };

/** GraphQL operation type of a request; `none` when it never got that far (bad request). */
export type OperationLabel = 'query' | 'mutation' | 'subscription' | 'none';

export interface MetricSources {
  /** Turns running or queued on this instance. */
  runningTurns(): number;
  /** Live event-bus listeners on this instance (one per sessionEvents subscription). */
  activeSubscriptions(): number;
}

export interface ParleyMetrics {
  readonly contentType: string;
  /** Where the gauges read from; set once the runner and the bus exist. */
  watch(sources: MetricSources): void;
  observeRequest(
    labels: { route: string; status: number; operation: OperationLabel },
    seconds: number,
  ): void;
  countOperation(operation: OperationLabel, transport: 'http' | 'ws'): void;
  /** Every event this instance stored and published (a tap on the bus: EventBus.onPublished). */
  observeEvent(event: SessionEvent): void;
  /** Open WebSockets at /graphql; set once the WebSocket server exists. */
  watchWebSockets(openConnections: () => number): void;
  /** The errors of one GraphQL result as sent to a client, counted by extensions.code. */
  countErrors(errors: readonly CodedErrorLike[] | undefined): void;
  /** One command sent to MongoDB (the driver's commandStarted event): one round trip. */
  countMongoCommand(commandName: string): void;
  /** One execution of a subscription's selection over an event (shared-execution.ts). */
  countEventExecution(): void;
  /** The exposition text: the process's default metrics, then this app's. */
  render(): Promise<string>;
}

/**
 * Node's default metrics describe the process, not an app, so they are collected once
 * per process: tests build many apps in one process, and each collection starts
 * observers (GC, event-loop delay) that are never stopped.
 */
let processRegistry: Registry | undefined;
function defaultMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(opts: { defaultMetrics: boolean }): ParleyMetrics {
  const registry = new Registry();
  let sources: MetricSources = { runningTurns: () => 0, activeSubscriptions: () => 0 };
  let openWebSockets = () => 0;
  const observeEvent = createEventMetrics(registry);

  const httpRequests = new Counter({
    name: 'parley_http_requests_total',
    help: 'HTTP requests answered, by route, status and GraphQL operation type.',
    labelNames: ['route', 'status', 'operation'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Time from request to the end of the response (for SSE: the stream lifetime).',
    labelNames: ['route', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const operations = new Counter({
    name: 'parley_graphql_operations_total',
    help: 'GraphQL operations executed, by type and transport (http covers SSE).',
    labelNames: ['operation', 'transport'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'parley_running_turns',
    help: 'Turns running or queued on this instance.',
    registers: [registry],
    collect() {
      this.set(sources.runningTurns());
    },
  });
  new Gauge({
    name: 'parley_active_subscriptions',
    help: 'Live sessionEvents subscriptions on this instance.',
    registers: [registry],
    collect() {
      this.set(sources.activeSubscriptions());
    },
  });
  const eventExecutions = new Counter({
    name: 'parley_subscription_event_executions_total',
    help: 'Executions of a subscription selection over an event; one serves every subscriber with the same selection.',
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'parley_graphql_errors_total',
    help: 'Errors in GraphQL results sent to clients, by extensions.code (Parley codes, INTERNAL, else other).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  // Every code from the start at 0, so rate() and alerts see a series before the first error.
  for (const code of ERROR_CODE_LABELS) graphqlErrors.inc({ code }, 0);
  new Gauge({
    name: 'parley_websocket_connections',
    help: 'Open WebSocket connections at /graphql on this instance.',
    registers: [registry],
    collect() {
      this.set(openWebSockets());
    },
  });
  const mongoCommands = new Counter({
    name: 'parley_mongodb_commands_total',
    help: 'Commands (round trips) sent to MongoDB, by command name; unlisted names as other.',
    labelNames: ['command'] as const,
    registers: [registry],
  });

  return {
    contentType: registry.contentType,
    watch(next) {
      sources = next;
    },
    watchWebSockets(openConnections) {
      openWebSockets = openConnections;
    },
    countErrors(errors) {
      for (const error of errors ?? []) graphqlErrors.inc({ code: errorCodeLabel(error) });
    },
    observeRequest({ route, status, operation }, seconds) {
      httpRequests.inc({ route, status: String(status), operation });
      httpDuration.observe({ route, operation }, seconds);
    },
    countOperation(operation, transport) {
      operations.inc({ operation, transport });
    },
    observeEvent,
    countEventExecution() {
      eventExecutions.inc();
    },
    countMongoCommand(commandName) {
      mongoCommands.inc({ command: mongoCommandLabel(commandName) });
    },
    async render() {
      const own = await registry.metrics();
      return opts.defaultMetrics ? `${await defaultMetrics().metrics()}\n${own}` : own;
    },
  };
}
