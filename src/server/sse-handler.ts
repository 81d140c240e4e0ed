/**
 * Calls into graphql-sse's handler (the plugin's onRequest) from sse-stream.ts: with a
 * client's request, or with one of our own on a stream we know; and what a request
 * carries for it (its stream token, the close of its connection).
 */
import type { ServerResponse } from 'node:http';
import { TOKEN_HEADER_KEY, TOKEN_QUERY_KEY } from 'graphql-sse';
import type { Plugin } from 'graphql-yoga';
import { streamError } from './sse-errors.js';

export type RequestPayload = Parameters<NonNullable<Plugin['onRequest']>>[0];
export type FetchAPI = { Request: typeof Request; Response: typeof Response };

interface NodeServerContext {
  res?: ServerResponse;
}

export function handlerCalls(base: Plugin, endpoint: string, fetchAPI: () => FetchAPI) {
  /** Runs the plugin's handler on a request; its answer, if it gave one. */
  async function dispatch(request: Request, serverContext: object = {}): Promise<Response> {
    let response: Response | undefined;
    // The plugin's onRequest reads only these three.
    const endResponse = (r: Response) => {
      response = r;
    };
    const payload = { request, serverContext, endResponse };
    await base.onRequest!(payload as unknown as RequestPayload);
    return response ?? streamError(fetchAPI().Response, 404, 'NOT_FOUND', 'not found');
  }

  /** A request of our own to the handler, on a stream we know (no credentials needed). */
  const internal = (token: string, init: RequestInit & { query?: string }) =>
    dispatch(
      new (fetchAPI().Request)(`http://localhost${endpoint}${init.query ?? ''}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), [TOKEN_HEADER_KEY]: token },
      }),
    ).then((response) => response.body?.cancel());

  return { dispatch, internal };
}

/** Runs `run` once the request's connection closes. */
export function onClose(payload: RequestPayload, run: () => void): void {
  const res = (payload.serverContext as NodeServerContext | undefined)?.res;
  if (res?.once) res.once('close', run);
  else payload.request.signal.addEventListener('abort', run, { once: true });
}

/** The stream token, as graphql-sse's client sends it (header) or a URL may (query). */
export function tokenOf(request: Request): string | undefined {
  const header = request.headers.get(TOKEN_HEADER_KEY);
  if (header) return header;
  const query = request.url.split('?')[1];
  return (query && new URLSearchParams(query).get(TOKEN_QUERY_KEY)) || undefined;
}
