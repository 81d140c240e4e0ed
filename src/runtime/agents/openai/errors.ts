/**
 * Turns whatever the openai package or the network threw into an Error whose message
 * a user can act on: the HTTP status and the provider's own message, or what went
 * wrong with the stream. Never the API key (redacted wherever it appears, e.g. in a
 * provider's "Incorrect API key provided: ..."), never the content of a chunk.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

/** The model stream sent nothing for the configured timeout. */
export class StreamStalledError extends Error {
  constructor(timeoutMs: number) {
    super(`the model stream stalled: no data for ${timeoutMs} ms (OPENAI_TIMEOUT_MS)`);
  }
}

/** The stream ended cleanly but before the completion said it had finished. */
export class StreamIncompleteError extends Error {
  constructor() {
    super('the model stream ended before the completion finished (no finish_reason)');
  }
}

export function readableError(
  err: unknown,
  opts: { apiKey: string | undefined; timeoutMs: number },
): Error {
  const message = describeFailure(err, opts.timeoutMs);
  const key = opts.apiKey;
  return new Error(key ? message.split(key).join('***') : message);
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof StreamStalledError || err instanceof StreamIncompleteError) {
    return err.message;
  }
  if (err instanceof APIConnectionTimeoutError) {
    return `the model endpoint did not answer within ${timeoutMs} ms (OPENAI_TIMEOUT_MS)`;
  }
  if (err instanceof APIConnectionError) {
    return `cannot reach the model endpoint: ${causeOf(err)}`;
  }
  if (err instanceof APIError) {
    const provider = providerMessage(err);
    // No status: the provider reported the error inside an already streaming response.
    if (err.status === undefined) return `the model stream failed: ${provider}`;
    return `the model endpoint answered HTTP ${err.status}: ${provider}`;
  }
  // JSON.parse's message quotes the chunk; the chunk is model output, so it stays out.
  if (err instanceof SyntaxError) return 'the model stream sent a malformed chunk (invalid JSON)';
  // undici: a response body cut short (the server or the network dropped the connection).
  if (err instanceof TypeError && err.message === 'terminated') {
    return `the connection to the model endpoint was lost mid-stream: ${causeOf(err)}`;
  }
  return `the model request failed: ${err instanceof Error ? err.message : String(err)}`;
}

function providerMessage(err: APIError): string {
  const body = err.error as { message?: unknown; type?: unknown; code?: unknown } | undefined;
  const text = typeof body?.message === 'string' && body.message ? body.message : null;
  const detail = [body?.type, body?.code].filter(
    (v) => typeof v === 'string' || typeof v === 'number',
  );
  if (text) return detail.length ? `${text} (${detail.join(', ')})` : text;
  // No JSON error body: the SDK's message is "<status> <body text>" or "status code (no body)".
  return err.message.replace(/^\d{3}\s+/, '') || 'no error message';
}

/** The root cause of a network error ("connect ECONNREFUSED 127.0.0.1:8000", "other side closed"). */
function causeOf(err: Error): string {
  let root: unknown = err;
  for (let depth = 0; depth < 5; depth++) {
    const next = (root as { cause?: unknown }).cause;
    if (!(next instanceof Error)) break;
    root = next;
  }
  const { message, code } = root as { message: string; code?: unknown };
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
