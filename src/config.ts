/**
 * The only reader of process.env. Parses and validates every setting once at start-up,
 * so a typo fails loudly instead of silently using a default.
 */
import { z } from 'zod';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) =>
  z
    .stringbool()
    .optional()
    .transform((v) => v ?? def);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z.object({
  PORT: int(4000).pipe(z.number().max(65535)),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: optionalString,
  MONGODB_DB: z.string().default('parley'),
  REDIS_URL: optionalString,
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
});

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
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
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
  };
}

/** Config for tests and embedding: defaults, then the given environment-style overrides. */
export function configFrom(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(overrides);
}
