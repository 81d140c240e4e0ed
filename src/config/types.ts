/** The parsed configuration's shape, and the error a bad environment gets. */
import type { AuthOptions } from '../auth/authenticator.js';
import type { Env } from './schema.js';

export interface Config {
  port: number;
  host: string;
  mongodbUri: string | undefined;
  mongodbDb: string;
  redisUrl: string | undefined;
  agent: 'local' | 'openai';
  localAgentTokenDelayMs: number;
  session: {
    maxSessions: number;
    ttlHours: number;
    autoPrune: boolean;
    pruneIntervalS: number;
  };
  eventRetentionHours: number;
  turnQueueLimit: number;
  turnLeaseMs: number;
  approvals: ApprovalConfig;
  /** Events a subscriber may fall behind before its subscription ends (it can resume). */
  subscriptionBuffer: number;
  /** A subscriber behind its buffer that takes nothing for this long is cut off (it can resume). */
  subscriptionStallMs: number;
  logLevel: Env['LOG_LEVEL'];
  /** `json`: one object per line, for machines; `pretty`: pino-pretty lines, for a terminal. */
  logFormat: Env['LOG_FORMAT'];
  /** On SIGTERM, how long running turns may go on before they are cancelled. */
  shutdownGraceMs: number;
  /** Serve /metrics (Prometheus text format). */
  metricsEnabled: boolean;
  /** Shared execution and direct socket writes for subscriptions (server/fanout/). */
  wsFastPath: boolean;
  /** Settings of the `openai` agent; null unless AGENT=openai. */
  openai: OpenAIConfig | null;
  /** Credentials accepted; both empty means single-user mode (loopback only). */
  auth: AuthOptions;
  limits: LimitsConfig;
  originPolicy: OriginPolicyConfig;
}

/** Which tool calls wait for a person (README, "Approvals and memory"). */
export interface ApprovalConfig {
  /** Tool names, or ['*'] for every tool; empty: none. */
  tools: readonly string[];
  /** A request nobody answers within this expires (the tool does not run). */
  timeoutMs: number;
  /** A waiting turn reads its decision this often when no notice reached it. */
  pollMs: number;
}

/** Which web pages may call the server, under which Host names (README, "Security"). */
export interface OriginPolicyConfig {
  /** Exact origins whose pages may call cross-origin (HTTP, SSE, WebSocket); ['*']: any. */
  corsOrigins: readonly string[];
  /** Host names answered besides the loopback ones, when checkHost. */
  allowedHosts: readonly string[];
  /** Single-user mode: refuse other Host names (DNS rebinding). */
  checkHost: boolean;
}

/** What one client may ask of the server (README, "Limits"). */
export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  /** GraphQL tokens in one document: bounds parsing and validation work. */
  maxTokens: number;
  maxDirectives: number;
  /** graphql-armor's cost: objects 2, scalars 1, times 1.5 per level of depth. */
  maxCost: number;
  /** Largest HTTP request body; beyond: 413 PAYLOAD_TOO_LARGE. Also the largest WebSocket message. */
  maxBodyBytes: number;
  /** sendChat/startChat per user per minute, across instances with REDIS_URL (0: no limit). */
  chatsPerMinute: number;
  /** Operations running at once on one WebSocket connection. */
  wsMaxSubscriptions: number;
  /** A WebSocket that sends no connection_init within this is closed with 4408. */
  wsInitTimeoutMs: number;
  /** Bytes a WebSocket peer may leave unread before sends to it wait for it. */
  wsMaxUnreadBytes: number;
  /** Sends waiting this long without the peer reading: it is closed (SUBSCRIPTION_STALL_MS). */
  wsStallMs: number;
  /** Ping interval; a ping not answered within as long ends the connection. */
  wsKeepAliveMs: number;
  /** Operations one WebSocket connection may start per second (0: no limit). */
  wsSubscribesPerSecond: number;
  /** Operations one user may start per second on an instance: WebSocket operations and SSE subscriptions, one budget (0: no limit). */
  wsUserSubscribesPerSecond: number;
  /** Streams one user may hold reserved at once on /graphql/stream (PUT); beyond: 429. */
  sseMaxReservations: number;
  /** A reserved stream whose GET does not connect within this is dropped. */
  sseReservationTtlMs: number;
  introspection: boolean;
  /** false: "Did you mean ...?" hints are removed from error messages. */
  fieldSuggestions: boolean;
}

/** An OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, llama.cpp...). */
export interface OpenAIConfig {
  /** Up to and including the version path, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  /** Absent: local servers that need none. Never logged, never in an error message. */
  apiKey: string | undefined;
  model: string;
  /** Rounds of tool calls per turn; then the turn ends with a reply saying so. */
  maxToolSteps: number;
  /** Earlier messages of the session sent as context, newest kept. */
  contextMessages: number;
  systemPrompt: string | undefined;
  /** Longest wait for the response to start, and then between two streamed chunks. */
  timeoutMs: number;
  /** Retries of a request answered 408/409/429/5xx or not answered, before streaming only. */
  maxRetries: number;
}

export class ConfigError extends Error {}
