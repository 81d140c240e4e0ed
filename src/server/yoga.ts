/**
 * The Yoga instance: GraphQL over HTTP and SSE at /graphql, graphql-sse's
 * single-connection mode at /graphql/stream, GraphiQL from local assets, masked
 * errors, and the one context factory every transport goes through.
 */
import { GraphQLError } from 'graphql';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { AuthenticationError, type Authenticator } from '../auth/authenticator.js';
import type { Viewer } from '../auth/viewer.js';
import { yogaLogger } from '../observability/logger.js';
import type { Context } from '../resolvers/context.js';
import { maskErrorFor } from '../resolvers/mask-error.js';
import { schema } from '../schema/index.js';
import type { Services } from '../services.js';
import { createLoaders } from '../store/loaders.js';
import { useCredentialExpiry } from './credential-expiry.js';
import { useErrorMetrics } from './error-metrics.js';
import type { Fanout } from './fanout/index.js';
import { GRAPHIQL_EXAMPLES } from './graphiql-examples.js';
import { useGraphiQLPage } from './graphiql-page.js';
import { useBodyLimit, useMalformedParamsAs400 } from './http-guards.js';
import { useCompiledQueries } from './jit.js';
import { limitPlugins } from './limits.js';
import { useRequestScope } from './request-context.js';
import { useSseStream } from './sse-stream.js';
import { useSseStreamPointer } from './sse-stream-pointer.js';
import {
  createUserOperationRate,
  type UserOperationRate,
  useUserOperationRate,
} from './user-operation-rate.js';
import { useValidationCache } from './validation-cache.js';

export const GRAPHQL_PATH = '/graphql';
/**
 * graphql-sse's single-connection mode (PUT reserves a stream, then GET + POST carry a
 * token). The plugin claims every request to its endpoint, so it cannot share /graphql
 * with Yoga's own HTTP, SSE (distinct connections) and GraphiQL handling.
 */
export const GRAPHQL_SSE_PATH = `${GRAPHQL_PATH}/stream`;

/** What a transport may hand the context factory: WebSocket connections authenticate once. */
export interface ServerContext {
  viewer?: Viewer;
}

export function createParleyYoga(opts: {
  services: Services;
  auth: Authenticator;
  logger: Logger;
  /** The subscription fast path (fanout/): its plugin shares each event's execution. */
  fanout: Fanout;
}) {
  const { services, auth, logger } = opts;
  const { limits } = services.config;
  // One budget per user for operations started, over every transport (websocket.ts
  // takes it too). Single-user mode (loopback only) has no accounts: every caller is
  // `default`, and one budget for all of them would be a limit on the whole server.
  const operationRate = createUserOperationRate(
    auth.enabled ? limits.wsUserSubscribesPerSecond : 0,
  );
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    logging: yogaLogger(logger),
    maskedErrors: { maskError: maskErrorFor(services.store) },
    // useBodyLimit (below) bounds bodies and answers PAYLOAD_TOO_LARGE; Yoga's own
    // limit would pipe every body through one more stream to count it again.
    maxRequestBodySize: false,
    // CORS is the origin policy's (origin-policy.ts, in front of Yoga): Yoga's default
    // echoes any Origin with credentials, which let every web page drive a local server.
    cors: false,
    context: async ({ request, viewer }) => ({
      viewer: viewer ?? (await authenticate(auth, request.headers.get('authorization'))),
      services,
      loaders: createLoaders(services.store),
    }),
    // GraphiQL is useGraphiQLPage's (below): compressed, cached, revalidated.
    graphiql: false,
    // Parsed documents stay Yoga's; validation results are useValidationCache's (below).
    parserAndValidationCache: { validationCache: false },
    plugins: [
      // GraphiQL from the bundled assets of @graphql-yoga/render-graphiql (Yoga's default
      // page loads them from a CDN), so it works offline and nothing leaves the machine.
      useGraphiQLPage({
        endpoint: GRAPHQL_PATH,
        options: {
          title: 'Parley GraphiQL',
          // Subscriptions go over graphql-ws, the transport most clients use.
          subscriptionsProtocol: 'WS',
          // Opens on Parley's examples (unless a link brings a query); new tabs too.
          defaultQuery: GRAPHIQL_EXAMPLES,
        },
      }),
      // graphql-sse's single-connection mode sent here gets told where it is served.
      useSseStreamPointer({ endpoint: GRAPHQL_PATH, streamEndpoint: GRAPHQL_SSE_PATH }),
      // Before every plugin that reads a body, so none reads an unbounded one.
      useBodyLimit(limits.maxBodyBytes),
      useMalformedParamsAs400(),
      // Before the other onSubscribe hooks: a refused start does nothing more.
      useUserOperationRate(operationRate),
      // Before useRequestScope, which wraps the subscribe function this one sets.
      opts.fanout.plugin,
      // Before useRequestScope, which wraps the execute function this one sets.
      useCompiledQueries(),
      useRequestScope(services),
      // parley_graphql_errors_total: the errors of every HTTP result, by code.
      useErrorMetrics(services.metrics),
      ...limitPlugins(limits),
      // An SSE subscription ends at its JWT's deadline (credential-expiry.ts).
      useCredentialExpiry((viewer) => auth.expiryOf(viewer)),
      // Last: graphql-sse at /graphql/stream, authenticated and bounded (sse-stream.ts).
      useSseStream({
        endpoint: GRAPHQL_SSE_PATH,
        services,
        authenticate: (request) => authenticate(auth, request.headers.get('authorization')),
      }),
      // Last, so it sees every validation rule the plugins above add.
      useValidationCache(),
    ],
  });
  operationRates.set(yoga, operationRate);
  return yoga;
}

export type ParleyYoga = ReturnType<typeof createParleyYoga>;

const operationRates = new WeakMap<object, UserOperationRate>();

/** The per-user budget of operations started that this Yoga's plugin counts in. */
export function userOperationRateOf(yoga: ParleyYoga): UserOperationRate {
  const rate = operationRates.get(yoga);
  if (!rate) throw new Error('not a Yoga made by createParleyYoga');
  return rate;
}

/** HTTP and SSE: the Authorization header, or 401 UNAUTHENTICATED. */
async function authenticate(auth: Authenticator, header: string | null): Promise<Viewer> {
  try {
    return await auth.fromAuthorization(header);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: {
        code: 'UNAUTHENTICATED',
        http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
      },
    });
  }
}
