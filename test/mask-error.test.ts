/**
 * Which errors become DB_UNAVAILABLE: those the store calls an outage (for MongoDB the
 * driver's outage errors), also when wrapped; the in-memory store never has one.
 */
import { GraphQLError } from 'graphql';
import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isDbUnavailable as isDbUnavailableIn, maskErrorFor } from '../src/resolvers/mask-error.js';
import { MemoryStore } from '../src/store/memory.js';
import { MongoStore } from '../src/store/mongo.js';

// The Mongo store's judgement needs no connection: it only looks at the error.
const mongo = { isUnavailable: (error: unknown) => MongoStore.prototype.isUnavailable(error) };
const isDbUnavailable = (error: unknown) => isDbUnavailableIn(mongo, error);
const maskError = maskErrorFor(mongo);

const serverError = (code: number) => new MongoServerError({ message: `code ${code}`, code });

describe('isDbUnavailable', () => {
  it('recognises the driver errors of an unreachable database', () => {
    expect(isDbUnavailable(new MongoNetworkError('connect ECONNREFUSED'))).toBe(true);
    expect(isDbUnavailable(new MongoNetworkTimeoutError('timed out'))).toBe(true);
    expect(isDbUnavailable(new MongoTopologyClosedError())).toBe(true);
    expect(isDbUnavailable(serverError(91))).toBe(true); // ShutdownInProgress
    expect(isDbUnavailable(serverError(10107))).toBe(true); // NotWritablePrimary
  });

  it('looks through wrappers: GraphQLError, cause, AggregateError', () => {
    const network = new MongoNetworkError('connection reset');
    const selection = new MongoServerSelectionError('no server', {} as never);
    expect(isDbUnavailable(new GraphQLError('x', { originalError: network }))).toBe(true);
    expect(isDbUnavailable(new Error('turn failed', { cause: selection }))).toBe(true);
    expect(isDbUnavailable(new AggregateError([new Error('a'), network]))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isDbUnavailable(serverError(11000))).toBe(false); // duplicate key
    expect(isDbUnavailable(new Error('boom'))).toBe(false);
    expect(isDbUnavailable('a string')).toBe(false);
    const loop = new Error('loop') as Error & { cause?: unknown };
    loop.cause = loop;
    expect(isDbUnavailable(loop)).toBe(false);
  });
});

describe('maskError', () => {
  it('answers DB_UNAVAILABLE at the failing field, and masks the unexpected', () => {
    const located = new GraphQLError('x', {
      path: ['session'],
      originalError: new MongoNetworkError('gone'),
    });
    const masked = maskError(located, 'Unexpected error.') as GraphQLError;
    expect(masked.extensions.code).toBe('DB_UNAVAILABLE');
    expect(masked.path).toEqual(['session']);
    expect(masked.message).not.toMatch(/gone/);
    const other = maskError(
      new GraphQLError('x', { originalError: new Error('secret') }),
      'Unexpected error.',
    );
    expect(other.message).toBe('Unexpected error.');
  });
});

describe('the in-memory store', () => {
  it('is never unavailable, so a driver error from it would be masked as unexpected', () => {
    const memory = new MemoryStore();
    expect(memory.isUnavailable(new MongoNetworkError('gone'))).toBe(false);
    const masked = maskErrorFor(memory)(new MongoNetworkError('gone'), 'Unexpected error.');
    expect(masked.message).toBe('Unexpected error.');
  });
});
