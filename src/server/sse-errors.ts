/**
 * graphql-sse's handler answers its refusals as bare JSON (`{errors:[{message}]}`) or
 * with no body at all, and whatever it throws became Yoga's 500 with a stack trace.
 * These turn both into the GraphQL errors every other transport gives: JSON with
 * `extensions.code` and the status the error asks for.
 */
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';

interface FormattedError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  extensions: Record<string, unknown>;
}

/** Validation errors of a document posted to the stream, answered 400 rather than streamed. */
export class StreamValidationErrors extends Error {
  constructor(readonly errors: readonly Error[]) {
    super('invalid document');
  }
}

export function codedResponse(
  Response: typeof globalThis.Response,
  status: number,
  errors: FormattedError[],
  headers: Record<string, string> = {},
): Response {
  return Response.json({ errors }, { status, headers });
}

export function streamError(
  Response: typeof globalThis.Response,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): Response {
  return codedResponse(Response, status, [{ message, extensions: { code, ...extensions } }]);
}

/** A GraphQLError as the client sees it: `http` (status, headers) is ours, not theirs. */
function format(error: GraphQLError, defaultCode: string): FormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    extensions: { ...extensions, code: extensions.code ?? defaultCode },
  };
}

interface HttpExtension {
  status?: number;
  headers?: Record<string, string>;
}

/**
 * What the plugin's onSubscribe (parse, validate, context) or anything before it
 * threw. A GraphQLError is the client's mistake (parse errors and limits carry their
 * status); anything else is ours: logged as an error, answered without its details.
 */
export function thrownAsResponse(
  Response: typeof globalThis.Response,
  error: unknown,
  logger: Logger,
): Response {
  if (error instanceof StreamValidationErrors) {
    const errors = error.errors.map((e) =>
      format(
        e instanceof GraphQLError ? e : new GraphQLError(e.message),
        'GRAPHQL_VALIDATION_FAILED',
      ),
    );
    return codedResponse(Response, 400, errors);
  }
  if (error instanceof GraphQLError) {
    const http = (error.extensions.http ?? {}) as HttpExtension;
    const code = error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'BAD_REQUEST';
    const status = http.status && http.status >= 400 && http.status < 500 ? http.status : 400;
    return codedResponse(Response, status, [format(error, code)], http.headers);
  }
  logger.error({ err: error }, 'graphql-sse: unexpected error');
  return streamError(Response, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
}

/** Handler refusals by status: 404 is a stream that is not (or no longer) there. */
const CODE_OF_STATUS: Record<number, string> = { 404: 'NOT_FOUND' };

/**
 * The handler's own refusals (404, 405, 406, 409, 415, 400 for a body it cannot
 * read), which carry a message at most, get a code; successes pass untouched.
 */
export async function codeHandlerResponse(
  Response: typeof globalThis.Response,
  response: Response,
): Promise<Response> {
  if (response.status < 400) return response;
  const code = CODE_OF_STATUS[response.status] ?? 'BAD_REQUEST';
  let messages: string[] = [];
  try {
    const body = JSON.parse(await response.text()) as { errors?: { message?: unknown }[] };
    messages = (body.errors ?? []).map((e) => String(e.message));
  } catch {
    // No body (or not JSON): the status text says it.
  }
  if (messages.length === 0) messages = [response.statusText || `HTTP ${response.status}`];
  const headers: Record<string, string> = {};
  const allow = response.headers.get('allow');
  if (allow) headers.allow = allow;
  const errors = messages.map((message) => ({ message, extensions: { code } }));
  return codedResponse(Response, response.status, errors, headers);
}
