/**
 * graphql-sse's single-connection mode aimed at /graphql instead of /graphql/stream:
 * its PUT (the stream reservation) got Yoga's 405 "GraphQL only supports GET and
 * POST", which graphql-sse's client reports as a bare "Method Not Allowed". Say where
 * the mode is served instead, as a coded error like every other refusal.
 */
import { TOKEN_HEADER_KEY } from 'graphql-sse';
import type { Plugin } from 'graphql-yoga';
import { codedResponse } from './sse-errors.js';

export function useSseStreamPointer(opts: { endpoint: string; streamEndpoint: string }): Plugin {
  const { endpoint, streamEndpoint } = opts;
  const message = `graphql-sse's single-connection mode is served at ${streamEndpoint}, not ${endpoint}: createClient({ url: '${streamEndpoint}', singleConnection: true }); ${endpoint} takes its distinct connections mode`;
  const extensions = { code: 'BAD_REQUEST', endpoint: streamEndpoint };
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== endpoint) return;
      if (request.method === 'PUT') {
        const headers = { allow: 'GET, POST' };
        endResponse(codedResponse(fetchAPI.Response, 405, [{ message, extensions }], headers));
      } else if (request.headers.has(TOKEN_HEADER_KEY)) {
        // The stream token of a reservation made elsewhere: nothing here knows it.
        endResponse(codedResponse(fetchAPI.Response, 400, [{ message, extensions }]));
      }
    },
  };
}
