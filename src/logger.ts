/**
 * Structured JSON logs (pino). Message content, tokens and secrets never go in:
 * log ids, sizes and codes instead. The redaction list is a second line of defence.
 */
import { type Logger, pino } from 'pino';
import type { Config } from './config.js';

export const REDACTED_PATHS = [
  'content',
  '*.content',
  'reply',
  '*.reply',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'token',
  '*.token',
  'ticket',
  '*.ticket',
];

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}

/** Adapts pino to the logger shape Yoga expects (variadic arguments). */
export function yogaLogger(logger: Logger) {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, rest.map(String).join(' '));
      else
        logger[level](args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };
}
