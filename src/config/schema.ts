/**
 * The environment's schema: every setting Parley reads, its type, default and bounds
 * (zod), so a typo fails loudly at start-up instead of silently using a default.
 */
import { z } from 'zod';

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

export const envSchema = z.object({
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
  // Unset: memory_store only; empty: no tool; `*`: every tool (names checked at start-up).
  TOOLS_REQUIRING_APPROVAL: z
    .string()
    .optional()
    .transform((v) => (v ?? 'memory_store').split(',').flatMap((s) => (s.trim() ? [s.trim()] : [])))
    .refine((all) => !all.includes('*') || all.length === 1, '* must stand alone'),
  // At most a week: an approval is a person's answer, and the date must stay a date.
  TOOL_APPROVAL_TIMEOUT_MS: int(600000, 1).pipe(z.number().max(7 * 86_400_000)),
  TOOL_APPROVAL_POLL_MS: int(2000, 10),
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

export type Env = z.infer<typeof envSchema>;

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
