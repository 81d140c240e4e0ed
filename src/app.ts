/**
 * The server: one HTTP port serving GraphQL over HTTP and SSE (Yoga) and over
 * WebSocket (graphql-ws) at /graphql, plus /health and /ready. graphql-ws goes
 * through yoga.getEnveloped, so both transports share one context factory and
 * one plugin set. The graphql-sse protocol's single-connection mode lives at
 * /graphql/stream (see GRAPHQL_SSE_PATH); GraphiQL is served at /graphql to browsers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { createLogger, yogaLogger } from './logger.js';
import type { Context, Services, Viewer } from './resolvers/context.js';
import { maskError } from './resolvers/mask-error.js';
import { schema } from './schema/index.js';
import { createServices, type ServiceOverrides } from './services.js';
import { createLoaders } from './store/loaders.js';

export const GRAPHQL_PATH = '/graphql';
/**
 * graphql-sse's single-connection mode (PUT reserves a stream, then GET + POST carry a
 * token). The plugin claims every request to its endpoint, so it cannot share /graphql
 * with Yoga's own HTTP, SSE (distinct connections) and GraphiQL handling.
 */
export const GRAPHQL_SSE_PATH = `${GRAPHQL_PATH}/stream`;

export interface App {
  services: Services;
  server: Server;
  /** Listens on config.host:config.port (0 picks a free port); resolves with the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** Yoga's fetch, for tests that need no port. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

export interface BuildOptions extends ServiceOverrides {
  logger?: Logger;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const services = await createServices(config, logger, options);
  // Single-user mode (no auth configured): everyone is `default`. Auth replaces this.
  const viewer: Viewer = { userId: 'default', isAdmin: true };

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    logging: yogaLogger(logger),
    maskedErrors: { maskError },
    context: () => ({ viewer, services, loaders: createLoaders(services.store) }),
    // GraphiQL from the bundled assets of @graphql-yoga/render-graphiql (Yoga's default
    // page loads them from a CDN), so it works offline and nothing leaves the machine.
    renderGraphiQL,
    // Subscriptions from GraphiQL go over graphql-ws, the transport most clients use.
    graphiql: { title: 'Parley GraphiQL', subscriptionsProtocol: 'WS' },
    plugins: [useGraphQLSSE({ endpoint: GRAPHQL_SSE_PATH })],
  });

  const server = createServer((req, res) => {
    if (req.url === '/health') return json(res, 200, { status: 'ok' });
    if (req.url === '/ready') {
      services.store.ping().then(
        () => json(res, 200, { status: 'ready' }),
        () => json(res, 503, { status: 'not ready', reason: 'database unreachable' }),
      );
      return;
    }
    yoga(req, res);
  });

  const wsServer = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const wsCleanup = useServer(
    {
      // onSubscribe puts Yoga's enveloped execute/subscribe in rootValue (Yoga's recipe).
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: async (ctx, _id, params) => {
        const enveloped = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, params });
        const document = enveloped.parse(params.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        return {
          schema: enveloped.schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
    },
    wsServer,
  );

  return {
    services,
    server,
    fetch: (input, init) => Promise.resolve(yoga.fetch(new Request(input, init))),
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          const url = `http://${host}:${port}`;
          logger.info(
            { url: `${url}${GRAPHQL_PATH}`, store: services.store.kind },
            'Parley listening',
          );
          resolve(url);
        });
      }),
    stop: async () => {
      await wsCleanup.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
    },
  };
}

interface Enveloped {
  execute: (args: unknown) => unknown;
  subscribe: (args: unknown) => unknown;
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
