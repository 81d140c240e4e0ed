/**
 * The only reader of process.env. Parses and validates every setting once at start-up,
 * so a typo fails loudly instead of silently using a default.
 */
import { isLoopback } from '../auth/authenticator.js';
import { authConfig, base, openaiConfig } from './groups.js';
import { envSchema } from './schema.js';
import { type Config, ConfigError } from './types.js';

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

/** Config for tests and embedding: defaults, then the given environment-style overrides. */
export function configFrom(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(overrides);
}
