/**
 * /graphql/stream: @graphql-yoga/plugin-graphql-sse (graphql-sse's single-connection
 * mode: PUT reserves a stream, GET connects it, POST/DELETE start and stop operations
 * on it), with what the plugin leaves out. Every request is authenticated first, as on
 * /graphql; a reservation belongs to its user, who may hold `maxPerUser` (then 429
 * RATE_LIMITED), and lapses if its stream does not connect within `ttlMs`; a stream
 * runs at most WS_MAX_SUBSCRIPTIONS operations at once, as a WebSocket does; a request
 * naming another user's or a lapsed token gets 404; and every refusal, including what
 * the plugin throws on a bad document, is a coded JSON error, never a 500.
 */
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import { GraphQLError } from 'graphql';
import { TOKEN_HEADER_KEY } from 'graphql-sse';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import type { Services } from '../services.js';
import {
  codeHandlerResponse,
  StreamValidationErrors,
  streamError,
  thrownAsResponse,
} from './sse-errors.js';
import {
  type FetchAPI,
  handlerCalls,
  onClose,
  type RequestPayload,
  tokenOf,
} from './sse-handler.js';
import { registerSseReservations, SseReservations } from './sse-reservations.js';

/**
 * Must come last among the plugins: its validation hook turns the final errors (after
 * the limits and the removal of suggestions) into a 400. Reservations are per
 * instance, like the streams they stand for (a client's requests must reach the
 * instance that holds its stream: sticky sessions behind a load balancer).
 */
export function useSseStream(opts: {
  endpoint: string;
  services: Services;
  /** The same check as /graphql: a viewer, or a thrown 401 UNAUTHENTICATED. */
  authenticate: (request: Request) => Promise<Viewer>;
}): Plugin {
  const { endpoint, authenticate, services } = opts;
  const { logger } = services;
  const { sseMaxReservations, sseReservationTtlMs, wsMaxSubscriptions } = services.config.limits;
  const onPath = (url: string) => url.split('?')[0]!.endsWith(endpoint);
  /** The token a PUT was given, for the handler's authenticate hook. */
  const tokenOfPut = new WeakMap<Request, string>();
  /**
   * The operation id of a posted document: counted against its stream's limit until it
   * completes, and freed in the handler if the document is refused.
   */
  const operationOf = new WeakMap<Request, string>();
  const base = useGraphQLSSE({
    endpoint,
    authenticate: (req) => tokenOfPut.get(req.raw) ?? tokenOf(req.raw),
    // Called when an operation posted to a stream has sent its last result, or was stopped.
    onComplete: (_ctx, req) => endOperation(req.raw),
  });
  let fetchAPI: FetchAPI = globalThis;
  const { dispatch, internal } = handlerCalls(base, endpoint, () => fetchAPI);

  /**
   * An unused reservation lapsed: connect to its stream with a request already
   * aborted, which makes the handler dispose of it (and end what was posted to it).
   */
  const disposeStream = (token: string) => {
    const init = { headers: { accept: 'text/event-stream' }, signal: AbortSignal.abort() };
    internal(token, init).catch((error) =>
      logger.error({ err: error }, 'graphql-sse: could not dispose of a lapsed stream'),
    );
  };
  const reservations = new SseReservations(
    sseMaxReservations,
    sseReservationTtlMs,
    wsMaxSubscriptions,
    disposeStream,
  );
  registerSseReservations(services, reservations);

  async function handle(payload: RequestPayload): Promise<Response> {
    const { request } = payload;
    const { Response } = fetchAPI;
    let token: string | undefined;
    try {
      const viewer = await authenticate(request);
      token = tokenOf(request);
      const connecting = request.headers.get('accept') === 'text/event-stream';
      if (request.method === 'PUT') {
        const reserved = reservations.reserve(viewer.userId);
        if (!reserved) {
          const limit = reservations.maxPerUser;
          const message = `at most ${limit} streams reserved at once per user; close one, or an unused one lapses`;
          return streamError(Response, 429, 'RATE_LIMITED', message, { limit });
        }
        tokenOfPut.set(request, reserved);
        const response = await dispatch(request, payload.serverContext);
        if (response.status !== 201) reservations.release(reserved);
        return codeHandlerResponse(Response, response);
      }
      if (token !== undefined) {
        if (!reservations.has(token, viewer.userId)) {
          const message =
            'no such stream: reserve one with PUT; an unused one lapses, a closed one ends';
          return streamError(Response, 404, 'NOT_FOUND', message);
        }
        if (connecting) {
          if (reservations.isConnected(token))
            return streamError(Response, 409, 'BAD_REQUEST', 'this stream is already connected');
          reservations.connect(token);
          const reservedToken = token;
          onClose(payload, () => reservations.release(reservedToken));
        }
      } else if (!connecting) {
        const message = `needs the token from PUT ${endpoint} in the ${TOKEN_HEADER_KEY} header, or accept: text/event-stream for a stream of its own`;
        return streamError(Response, 400, 'BAD_REQUEST', message);
      }
      const response = await dispatch(request, payload.serverContext);
      // 204: stopped (DELETE) before it ran, so it never completes.
      if (response.status === 204) endOperation(request);
      return await codeHandlerResponse(Response, response);
    } catch (error) {
      // The handler took the operation's id before the plugin threw: free it.
      const operationId = operationOf.get(request);
      endOperation(request);
      if (token !== undefined && operationId !== undefined) {
        const query = `?operationId=${encodeURIComponent(operationId)}`;
        await internal(token, { method: 'DELETE', query }).catch(() => {});
      }
      return thrownAsResponse(Response, error, logger);
    }
  }

  return {
    onYogaInit(payload) {
      fetchAPI = payload.yoga.fetchAPI;
      base.onYogaInit?.(payload);
    },
    onRequest(payload) {
      if (!onPath(payload.request.url)) return;
      return handle(payload).then(payload.endResponse);
    },
    onParse({ context }) {
      const { request, params } = context as Partial<YogaInitialContext>;
      if (!request || !onPath(request.url)) return;
      const id = params?.extensions?.operationId;
      const token = tokenOf(request);
      if (id === undefined || id === null || token === undefined) return;
      operationOf.set(request, String(id));
      if (!reservations.startOperation(token, String(id))) {
        const limit = reservations.maxOperations;
        throw new GraphQLError(`at most ${limit} operations at once on one stream`, {
          extensions: { code: 'RATE_LIMITED', limit, http: { status: 429 } },
        });
      }
    },
    onValidate({ context }) {
      const { request } = context as Partial<YogaInitialContext>;
      if (!request || !onPath(request.url)) return;
      // The plugin would hand `{ errors }` to the handler, which takes it for
      // execution arguments and answers "Unable to detect operation AST".
      return ({ valid, result }) => {
        if (!valid) throw new StreamValidationErrors(result);
      };
    },
    onDispose: () => reservations.clear(),
  };

  function endOperation(request: Request) {
    const token = tokenOf(request);
    const id = operationOf.get(request);
    if (token !== undefined && id !== undefined) reservations.endOperation(token, id);
  }
}
