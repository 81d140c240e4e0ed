/**
 * Yoga's error masking: coded GraphQL errors pass through; a database outage
 * becomes DB_UNAVAILABLE; anything else is masked as an unexpected error.
 */
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { codedError } from './errors.js';

/**
 * What the driver throws when it cannot reach a usable server: no server to select
 * (down, or still reconnecting), a connection that broke (MongoNetworkError, which
 * also covers a pool cleared after a network error and network timeouts), an
 * operation out of time, a client or pool that is closed (shutting down), or a
 * checkout that waited too long for a connection.
 */
const OUTAGE_CLASSES = [
  MongoServerSelectionError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoTopologyClosedError,
  MongoClientClosedError,
  MongoServerClosedError,
];
/** Driver errors whose classes are not exported. */
const OUTAGE_NAMES = new Set(['MongoPoolClosedError', 'MongoWaitQueueTimeoutError']);
/**
 * Server replies that mean "not now" rather than "wrong": shutting down, a replica
 * set between primaries, an unreachable host (the driver retries the same codes).
 */
const OUTAGE_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/** True when the error, or anything it wraps, says the database is unreachable. */
export function isDbUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 8 || typeof error !== 'object' || error === null) return false;
  if (OUTAGE_CLASSES.some((type) => error instanceof type)) return true;
  if (error instanceof MongoError && OUTAGE_NAMES.has(error.name)) return true;
  if (error instanceof MongoServerError && typeof error.code === 'number') {
    if (OUTAGE_CODES.has(error.code)) return true;
  }
  // Wrapped: a GraphQLError around the thrown error, a cause, or several errors at once.
  const wrapped: unknown[] = [];
  if (error instanceof GraphQLError) wrapped.push(error.originalError);
  if ('cause' in error) wrapped.push(error.cause);
  if (error instanceof AggregateError) wrapped.push(...error.errors);
  return wrapped.some((inner) => inner !== error && isDbUnavailable(inner, depth + 1));
}

export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (isDbUnavailable(error)) {
    const located = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError('the database is unavailable; try again shortly', {
      nodes: located?.nodes,
      path: located?.path,
      extensions: codedError('DB_UNAVAILABLE', '').extensions,
    });
  }
  return yogaMaskError(error, message, isDev);
}
