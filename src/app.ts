/**
 * The server: one HTTP port serving GraphQL over HTTP, SSE and WebSocket at
 * /graphql (see server/), plus the ops routes. buildApp(config) -> { start, stop }.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Authenticator } from './auth/authenticator.js';
import type { Config } from './config.js';
import { createLogger } from './logger.js';
import type { Services } from './resolvers/context.js';
import { handleOpsRoute } from './server/ops-routes.js';
import { attachWebSocket } from './server/websocket.js';
import { createParleyYoga, GRAPHQL_PATH } from './server/yoga.js';
import { createServices, type ServiceOverrides } from './services.js';

export { GRAPHQL_PATH, GRAPHQL_SSE_PATH } from './server/yoga.js';

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
  const auth = new Authenticator(config.auth, services.tickets);
  const yoga = createParleyYoga({ services, auth, logger });
  const server = createServer((req, res) => {
    if (!handleOpsRoute(req, res, services)) yoga(req, res);
  });
  const ws = attachWebSocket({ server, yoga, auth });

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
            { url: `${url}${GRAPHQL_PATH}`, store: services.store.kind, auth: auth.enabled },
            'Parley listening',
          );
          resolve(url);
        });
      }),
    stop: async () => {
      await ws.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
    },
  };
}
