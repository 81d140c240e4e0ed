/**
 * What a graphql-ws operation is told when it does not run (websocket.ts), and the
 * errors it is sent without what only HTTP needs.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Yoga marks parse and validation errors with the HTTP status to answer; not for WebSocket. */
export function withoutHttpHint(error: GraphQLError): GraphQLFormattedError {
  const { extensions, ...rest } = error.toJSON();
  if (!extensions || !('http' in extensions)) return error.toJSON();
  const { http: _http, ...others } = extensions;
  return Object.keys(others).length > 0 ? { ...rest, extensions: others } : rest;
}

/**
 * What an operation completed by its client before it started "returns": graphql-ws
 * sends nothing for an operation it no longer holds, so no one ever sees it.
 */
export function completedMeanwhile() {
  return { errors: [new GraphQLError('the client completed the operation')] };
}

export function tooManyOperations(limit: number): GraphQLError {
  return new GraphQLError(
    `at most ${limit} operations at once on one WebSocket connection; complete one or open another connection`,
    { extensions: { code: 'RATE_LIMITED', limit } },
  );
}
