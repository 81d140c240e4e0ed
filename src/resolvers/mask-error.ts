/**
 * Yoga's error masking: coded GraphQL errors pass through; a database outage
 * becomes DB_UNAVAILABLE; anything else is masked as an unexpected error.
 */
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError } from 'mongodb';
import { codedError } from './errors.js';

export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (
    original instanceof MongoServerSelectionError ||
    original instanceof MongoNetworkError ||
    original instanceof MongoNotConnectedError
  ) {
    const located = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError('the database is unavailable; try again shortly', {
      nodes: located?.nodes,
      path: located?.path,
      extensions: codedError('DB_UNAVAILABLE', '').extensions,
    });
  }
  return yogaMaskError(error, message, isDev);
}
