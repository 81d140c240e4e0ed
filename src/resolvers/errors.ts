/**
 * GraphQL errors with the codes clients can rely on (model/error-codes.ts). Anything
 * thrown that is not built here is masked by Yoga as an unexpected error.
 */
import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../model/error-codes.js';
import { RedisUnavailableError } from '../runtime/errors.js';

export type { ErrorCode };

export function codedError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  codedError('BAD_USER_INPUT', message, extensions);

export const notFound = (what: string, id: string) =>
  codedError('NOT_FOUND', `${what} ${id} not found`, { id });

/**
 * A turn on another instance is reached through Redis: while Redis is away, the
 * runtime's RedisUnavailableError becomes REDIS_UNAVAILABLE (`detail` says what was
 * going on); any other error is returned as it is.
 */
export function redisUnavailableAsCoded(error: unknown, detail?: string): unknown {
  if (!(error instanceof RedisUnavailableError)) return error;
  const message = detail ? `${error.message} (${detail})` : error.message;
  return codedError('REDIS_UNAVAILABLE', message);
}
