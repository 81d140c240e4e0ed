/**
 * Yoga's error masking: coded GraphQL errors pass through; a database outage
 * becomes DB_UNAVAILABLE; anything else is masked as an unexpected error. Which
 * errors are an outage is the store's to say (Store.isUnavailable).
 */
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import type { Store } from '../store/store.js';
import { codedError } from './errors.js';

type OutageJudge = Pick<Store, 'isUnavailable'>;

/** True when the error, or anything it wraps, is one the store calls an outage. */
export function isDbUnavailable(store: OutageJudge, error: unknown, depth = 0): boolean {
  if (depth > 8 || typeof error !== 'object' || error === null) return false;
  if (store.isUnavailable(error)) return true;
  // Wrapped: a GraphQLError around the thrown error, a cause, or several errors at once.
  const wrapped: unknown[] = [];
  if (error instanceof GraphQLError) wrapped.push(error.originalError);
  if ('cause' in error) wrapped.push(error.cause);
  if (error instanceof AggregateError) wrapped.push(...error.errors);
  return wrapped.some((inner) => inner !== error && isDbUnavailable(store, inner, depth + 1));
}

/** The maskError function for Yoga's `maskedErrors`, judging outages by this store. */
export function maskErrorFor(store: OutageJudge) {
  return (error: unknown, message: string, isDev?: boolean): Error => {
    if (isDbUnavailable(store, error)) {
      const located = error instanceof GraphQLError ? error : undefined;
      return new GraphQLError('the database is unavailable; try again shortly', {
        nodes: located?.nodes,
        path: located?.path,
        extensions: codedError('DB_UNAVAILABLE', '').extensions,
      });
    }
    return yogaMaskError(error, message, isDev);
  };
}
