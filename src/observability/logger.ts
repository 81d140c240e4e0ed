/**
 * Structured JSON logs (pino; LOG_FORMAT=pretty for a terminal). Message content,
 * tokens and secrets never go in: callers log ids, sizes and codes. Three safeguards
 * catch what slips through anyway:
 * - errors are serialized as type, code, message and stack only (pino's default
 *   serializer copies every enumerable property, and driver errors carry documents);
 * - quoted values in error messages are redacted (JSON.parse and GraphQL variable
 *   errors quote the input they choke on);
 * - Yoga's log calls keep their strings and errors but drop every other argument,
 *   so no plugin can log a request's query or variables, whatever LOG_LEVEL says;
 * and a redaction list blanks the fields that hold content or credentials.
 * Lines logged while a request is handled carry its id (`reqId`).
 */
import { type Logger, pino } from 'pino';
import type { Config } from '../config.js';
import { currentRequestId } from './request-scope.js';

const SENSITIVE_KEYS = [
  'content',
  'reply',
  'text',
  'prompt',
  'messages',
  'query',
  'variables',
  'toolArgs',
  'outputSummary',
  'authorization',
  'cookie',
  'token',
  'ticket',
  'connectionParams',
  'apiKey',
  'secret',
  'password',
];

export const REDACTED_PATHS = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * LOG_FORMAT=pretty hands the lines to pino-pretty in pino's transport worker. Redaction,
 * the error serializer and the mixin run before a line leaves this thread, so the
 * pretty lines hold exactly what the JSON lines would. One line per entry (fields
 * inline), so a terminal or `grep` shows an entry whole.
 */
const PRETTY_TRANSPORT = {
  target: 'pino-pretty',
  options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
};

export function createLogger(
  config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat'>>,
  destination?: pino.DestinationStream,
): Logger {
  const pretty = config.logFormat === 'pretty' && !destination;
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: safeError },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
      ...(pretty ? { transport: PRETTY_TRANSPORT } : {}),
    },
    destination,
  );
}

const MAX_MESSAGE = 500;
/** Quoted text that is not a short identifier-like value (ids, field and type names pass). */
const QUOTED = /(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g;
const HARMLESS = /^[$\w.:/@-]{0,64}$/;

/** An error message with quoted input redacted, bounded in length. */
export function scrubMessage(message: string): string {
  const scrubbed = message.replace(QUOTED, (whole, quote: string, inner: string) =>
    HARMLESS.test(inner) ? whole : `${quote}[redacted ${inner.length} chars]${quote}`,
  );
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE)}…` : scrubbed;
}

interface SafeError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: SafeError | string;
}

/** Only what helps to debug: never the payloads an error object may carry. */
export function safeError(value: unknown, depth = 0): SafeError | string {
  if (!(value instanceof Error)) {
    return typeof value === 'string' ? scrubMessage(value) : `[${typeof value}]`;
  }
  const out: SafeError = { type: value.name, message: scrubMessage(value.message) };
  const code = (value as { code?: unknown }).code ?? extensionCode(value);
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (value.stack) out.stack = scrubMessage(value.stack.split('\n').slice(0, 12).join('\n'));
  // GraphQLError keeps what a resolver threw in originalError.
  const cause = value.cause ?? (value as { originalError?: unknown }).originalError;
  if (cause !== undefined && cause !== value && depth < 3) out.cause = safeError(cause, depth + 1);
  return out;
}

function extensionCode(error: Error): unknown {
  return (error as { extensions?: { code?: unknown } }).extensions?.code;
}

/**
 * Adapts pino to the logger shape Yoga expects (variadic arguments). Yoga's own
 * messages are fixed strings and errors; any other argument (an object that might be
 * a request, its variables or a result) is dropped, not stringified.
 */
export function yogaLogger(logger: Logger) {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (!logger.isLevelEnabled(level)) return;
      const err = args.find((a) => a instanceof Error);
      const text = args.filter((a) => typeof a === 'string').map((s) => scrubMessage(s));
      const omitted = args.length - text.length - (err ? 1 : 0);
      const fields = { source: 'yoga', ...(err ? { err } : {}), ...(omitted ? { omitted } : {}) };
      logger[level](fields, text.join(' ') || (err ? 'unexpected error' : 'yoga'));
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };
}
