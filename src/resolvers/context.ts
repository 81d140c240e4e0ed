/**
 * What every resolver receives. `services` are the long-lived parts built once by
 * app.ts; `loaders` are made fresh per request (and per subscription event) so no
 * response is served from another request's cache.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AuditRecorder } from '../runtime/audit-recorder.js';
import type { EventBus } from '../runtime/bus.js';
import type { TurnRunner } from '../runtime/turn-runner.js';
import type { ParleyMetrics } from '../server/metrics.js';
import type { AuditLog } from '../store/audit.js';
import type { Loaders } from '../store/loaders.js';
import type { Store } from '../store/store.js';
import type { TicketStore } from '../store/tickets.js';

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

export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
}
