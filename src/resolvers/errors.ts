/**
 * The error codes clients can rely on (DESIGN.md, "Errors and limits"). Anything
 * thrown that is not built here is masked by Yoga as an unexpected error.
 */
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SESSION_BUSY'
  | 'RATE_LIMITED'
  | 'BAD_USER_INPUT'
  | 'DB_UNAVAILABLE'
  | 'REDIS_UNAVAILABLE'
  | 'SUBSCRIBER_LAGGED'
  | 'EVENTS_LOST'
  | 'SHUTTING_DOWN';

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
