/**
 * The only reader of process.env. Parses and validates every setting once at start-up,
 * so a typo fails loudly instead of silently using a default.
 */
import { z } from 'zod';
import { type AuthOptions, isLoopback } from './auth/authenticator.js';
import { parseAuthTokens } from './auth/static-tokens.js';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) =>
  z
    .stringbool()
    .optional()
    .transform((v) => v ?? def);
/** A comma-separated list; blanks around entries and empty entries are dropped. */
const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').flatMap((s) => (s.trim() === '' ? [] : [s.trim()])));
const exactOrigin = z
  .string()
  .refine(
    (v) => v === '*' || isExactOrigin(v),
    'must be an exact origin such as https://app.example or http://localhost:5173 (scheme, host, port only: no path, no trailing slash), or * alone',
  );
const hostName = z
  .string()
  .transform((v) => v.toLowerCase())
  .refine(
    (v) => /^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(v),
    'must be a host name such as parley.internal, or .example.com for it and its subdomains (no scheme, no port)',
  );
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z.object({
  PORT: int(4000).pipe(z.number().max(65535)),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: optionalString,
  MONGODB_DB: z.string().default('parley'),
  // Checked here: ioredis would throw on a bad URL with the URL (and its password) in the error.
  REDIS_URL: optionalString.refine(
    (v) => v === undefined || isRedisUrl(v),
    'must be redis://[user:password@]host[:port][/db] or rediss://... (value not shown: it may hold a password)',
  ),
  AGENT: z.enum(['local', 'openai']).default('local'),
  LOCAL_AGENT_TOKEN_DELAY_MS: int(15),
  SESSION_MAX_SESSIONS: int(100),
  SESSION_TTL_HOURS: int(168),
  SESSION_AUTO_PRUNE: bool(true),
  SESSION_PRUNE_INTERVAL_S: int(3600),
  EVENT_RETENTION_HOURS: int(24),
  TURN_QUEUE_LIMIT: int(16, 1),
  TURN_LEASE_MS: int(15000, 100),
  SUBSCRIPTION_BUFFER: int(1000, 1),
  SUBSCRIPTION_STALL_MS: int(10000, 1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: optionalString,
  OPENAI_MAX_TOOL_STEPS: int(8),
  OPENAI_CONTEXT_MESSAGES: int(20),
  OPENAI_SYSTEM_PROMPT: optionalString,
  OPENAI_TIMEOUT_MS: int(60000, 1),
  OPENAI_MAX_RETRIES: int(2),
  AUTH_TOKENS: optionalString,
  JWT_SECRET: optionalString,
  JWT_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: optionalString,
  JWT_REQUIRE_EXP: bool(true),
  JWT_MAX_AGE_S: int(86400),
  SHUTDOWN_GRACE_MS: int(10000),
  METRICS_ENABLED: bool(true),
  MAX_DEPTH: int(12, 1),
  MAX_ALIASES: int(15),
  MAX_TOKENS: int(2000, 1),
  MAX_DIRECTIVES: int(10),
  // Armor multiplies by literal `first`/`last` and 1.5 per level: the README's dashboard
  // query (10 sessions with their last messages and tool calls) costs about 13,500.
  MAX_COST: int(50000, 1),
  // Above the 64 KiB content limit plus JSON escaping and the rest of the request.
  MAX_BODY_BYTES: int(256 * 1024, 1024),
  RATE_LIMIT_CHATS_PER_MINUTE: int(60),
  WS_MAX_SUBSCRIPTIONS: int(50, 1),
  WS_INIT_TIMEOUT_MS: int(5000, 1),
  // What a WebSocket peer may leave unread before sends to it wait (ws-flow.ts).
  WS_MAX_UNREAD_BYTES: int(1024 * 1024, 16 * 1024),
  WS_KEEPALIVE_MS: int(12000, 100),
  // The subscription fan-out fast path (server/fanout/); false: stock Yoga + graphql-ws.
  WS_FAST_PATH: bool(true),
  SSE_MAX_RESERVATIONS: int(10, 1),
  SSE_RESERVATION_TTL_MS: int(10000, 1),
  // As many as WS_MAX_SUBSCRIPTIONS: a client may open all its operations within a second.
  WS_SUBSCRIBES_PER_SECOND: int(50),
  WS_USER_SUBSCRIBES_PER_SECOND: int(100),
  INTROSPECTION: bool(true),
  FIELD_SUGGESTIONS: bool(true),
  CORS_ORIGINS: list
    .pipe(z.array(exactOrigin))
    .refine((all) => !all.includes('*') || all.length === 1, '* must stand alone'),
  ALLOWED_HOSTS: list.pipe(z.array(hostName)),
});

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `scheme://host[:port]` exactly as a browser sends it in Origin. */
function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

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
  /** Events a subscriber may fall behind before its subscription ends (it can resume). */
  subscriptionBuffer: number;
  /** A subscriber behind its buffer that takes nothing for this long is cut off (it can resume). */
  subscriptionStallMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** `json`: one object per line, for machines; `pretty`: pino-pretty lines, for a terminal. */
  logFormat: z.infer<typeof envSchema>['LOG_FORMAT'];
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const auth = authConfig(e);
  const config = {
    ...base(e),
    openai: e.AGENT === 'openai' ? openaiConfig(e) : null,
    auth,
    originPolicy: {
      corsOrigins: e.CORS_ORIGINS,
      allowedHosts: e.ALLOWED_HOSTS,
      checkHost: auth.tokens.length === 0 && auth.jwt === null,
    },
  };
  refuseOpenSingleUserMode(config);
  refuseAnyOriginWithoutAuth(config);
  return config;
}

function authConfig(e: Env): AuthOptions {
  let tokens: AuthOptions['tokens'];
  try {
    tokens = e.AUTH_TOKENS ? parseAuthTokens(e.AUTH_TOKENS) : [];
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (e.JWT_SECRET && e.JWT_JWKS_URL) {
    throw new ConfigError('set JWT_SECRET (HS256) or JWT_JWKS_URL, not both');
  }
  const jwt =
    e.JWT_SECRET || e.JWT_JWKS_URL
      ? {
          secret: e.JWT_SECRET,
          jwksUrl: e.JWT_JWKS_URL,
          issuer: e.JWT_ISSUER,
          audience: e.JWT_AUDIENCE,
          requireExp: e.JWT_REQUIRE_EXP,
          maxAgeS: e.JWT_MAX_AGE_S,
        }
      : null;
  return { tokens, jwt };
}

/** With no credentials configured everyone is `default`: never on a reachable address. */
function refuseOpenSingleUserMode(config: Config): void {
  if (config.auth.tokens.length > 0 || config.auth.jwt || isLoopback(config.host)) return;
  throw new ConfigError(
    `refusing to start: no authentication is configured (AUTH_TOKENS, JWT_SECRET or JWT_JWKS_URL) and HOST=${config.host} is not a loopback address. Without authentication Parley runs in single-user mode, where every caller is the user "default"; configure authentication or listen on 127.0.0.1.`,
  );
}

/**
 * `*` keeps cookies and credentials out of cross-origin requests, which protects nothing
 * when no credentials are needed: in single-user mode it would let every web page drive
 * the server.
 */
function refuseAnyOriginWithoutAuth(config: Config): void {
  const { checkHost, corsOrigins } = config.originPolicy;
  // checkHost is single-user mode (no authentication configured).
  if (!checkHost || !corsOrigins.includes('*')) return;
  throw new ConfigError(
    'refusing to start: CORS_ORIGINS=* without authentication would let any web page use this server as the user "default"; list the exact origins or configure authentication.',
  );
}

type Env = z.infer<typeof envSchema>;

function limitsConfig(e: Env): LimitsConfig {
  return {
    maxDepth: e.MAX_DEPTH,
    maxAliases: e.MAX_ALIASES,
    maxTokens: e.MAX_TOKENS,
    maxDirectives: e.MAX_DIRECTIVES,
    maxCost: e.MAX_COST,
    maxBodyBytes: e.MAX_BODY_BYTES,
    chatsPerMinute: e.RATE_LIMIT_CHATS_PER_MINUTE,
    wsMaxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
    wsInitTimeoutMs: e.WS_INIT_TIMEOUT_MS,
    wsMaxUnreadBytes: e.WS_MAX_UNREAD_BYTES,
    wsStallMs: e.SUBSCRIPTION_STALL_MS,
    wsKeepAliveMs: e.WS_KEEPALIVE_MS,
    wsSubscribesPerSecond: e.WS_SUBSCRIBES_PER_SECOND,
    wsUserSubscribesPerSecond: e.WS_USER_SUBSCRIBES_PER_SECOND,
    sseMaxReservations: e.SSE_MAX_RESERVATIONS,
    sseReservationTtlMs: e.SSE_RESERVATION_TTL_MS,
    introspection: e.INTROSPECTION,
    fieldSuggestions: e.FIELD_SUGGESTIONS,
  };
}

function base(e: Env): Omit<Config, 'openai' | 'auth' | 'originPolicy'> {
  return {
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    redisUrl: e.REDIS_URL,
    agent: e.AGENT,
    localAgentTokenDelayMs: e.LOCAL_AGENT_TOKEN_DELAY_MS,
    session: {
      maxSessions: e.SESSION_MAX_SESSIONS,
      ttlHours: e.SESSION_TTL_HOURS,
      autoPrune: e.SESSION_AUTO_PRUNE,
      pruneIntervalS: e.SESSION_PRUNE_INTERVAL_S,
    },
    eventRetentionHours: e.EVENT_RETENTION_HOURS,
    turnQueueLimit: e.TURN_QUEUE_LIMIT,
    turnLeaseMs: e.TURN_LEASE_MS,
    subscriptionBuffer: e.SUBSCRIPTION_BUFFER,
    subscriptionStallMs: e.SUBSCRIPTION_STALL_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    metricsEnabled: e.METRICS_ENABLED,
    wsFastPath: e.WS_FAST_PATH,
    limits: limitsConfig(e),
  };
}

/** The server refuses to start with AGENT=openai and nowhere to send the turns. */
function openaiConfig(e: Env): OpenAIConfig {
  const baseUrl = e.OPENAI_BASE_URL;
  const model = e.OPENAI_MODEL;
  if (!baseUrl || !model) {
    const missing = [baseUrl ? null : 'OPENAI_BASE_URL', model ? null : 'OPENAI_MODEL'];
    throw new ConfigError(
      `invalid configuration: AGENT=openai needs OPENAI_BASE_URL and OPENAI_MODEL; missing: ${missing.filter(Boolean).join(', ')} (e.g. OPENAI_BASE_URL=https://api.openai.com/v1 OPENAI_MODEL=gpt-4o-mini)`,
    );
  }
  return {
    baseUrl,
    apiKey: e.OPENAI_API_KEY,
    model,
    maxToolSteps: e.OPENAI_MAX_TOOL_STEPS,
    contextMessages: e.OPENAI_CONTEXT_MESSAGES,
    systemPrompt: e.OPENAI_SYSTEM_PROMPT,
    timeoutMs: e.OPENAI_TIMEOUT_MS,
    maxRetries: e.OPENAI_MAX_RETRIES,
  };
}

/** Config for tests and embedding: defaults, then the given environment-style overrides. */
export function configFrom(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(overrides);
}
