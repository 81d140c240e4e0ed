/** Each group of settings from the parsed environment: the rest, limits, auth, OpenAI. */
import type { AuthOptions } from '../auth/authenticator.js';
import { parseAuthTokens } from '../auth/static-tokens.js';
import type { Env } from './schema.js';
import { type Config, ConfigError, type LimitsConfig, type OpenAIConfig } from './types.js';

export function authConfig(e: Env): AuthOptions {
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

export function base(e: Env): Omit<Config, 'openai' | 'auth' | 'originPolicy'> {
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
    approvals: {
      tools: e.TOOLS_REQUIRING_APPROVAL,
      timeoutMs: e.TOOL_APPROVAL_TIMEOUT_MS,
      pollMs: e.TOOL_APPROVAL_POLL_MS,
    },
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
export function openaiConfig(e: Env): OpenAIConfig {
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
