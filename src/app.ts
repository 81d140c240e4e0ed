/**
 * The server: one HTTP port serving GraphQL over HTTP, SSE and WebSocket at
 * /graphql (see server/), plus the ops routes. buildApp(config) -> { start, stop }.
 * stop() is the graceful shutdown (SIGTERM): see shutDown below.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Authenticator } from './auth/authenticator.js';
import type { Config } from './config.js';
import { DeadlineError, withDeadline } from './lib/deadline.js';
import { createLogger } from './observability/logger.js';
import { sharedEventOf } from './resolvers/events.js';
import { createConsolePage } from './server/console-page.js';
import { createFanout } from './server/fanout/index.js';
import { handleOpsRoute } from './server/ops-routes.js';
import { createOriginPolicy } from './server/origin-policy.js';
import { withRequestScope } from './server/request-context.js';
import { attachWebSocket } from './server/websocket.js';
import { createParleyYoga, GRAPHQL_PATH } from './server/yoga.js';
import { createServices, type ServiceOverrides, type Services } from './services.js';

export { GRAPHQL_PATH, GRAPHQL_SSE_PATH } from './server/yoga.js';

export interface App {
  services: Services;
  server: Server;
  /** Listens on config.host:config.port (0 picks a free port); resolves with the base URL. */
  start(): Promise<string>;
  /** Graceful: turns finish (or are cancelled) first; calling it again returns the same promise. */
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
  // The subscription fast path, this server's own; which items are shared events is
  // the resolvers' knowledge, handed in here.
  const fanout = createFanout({
    enabled: config.wsFastPath,
    sharedEventOf,
    onExecution: () => services.metrics.countEventExecution(),
  });
  const yoga = createParleyYoga({ services, auth, logger, fanout });
  const refusing = () => services.runner.draining;
  // Before any route: a foreign Host or a page from an unlisted origin gets 403 (and a
  // CORS preflight its answer) on every path; the WebSocket upgrade checks the same.
  const originPolicy = createOriginPolicy(config.originPolicy);
  const consolePage = createConsolePage({ logger });
  const server = createServer(
    withRequestScope({ logger, metrics: services.metrics, refusing }, (req, res) => {
      if (originPolicy.handle(req, res)) return;
      if (handleOpsRoute(req, res, services) || consolePage.handle(req, res)) return;
      yoga(req, res);
    }),
  );
  // Registered before graphql-ws's listener: ws drops an upgrade whose socket is gone.
  server.prependListener('upgrade', (_req, socket) => {
    if (refusing()) socket.destroy();
  });
  const ws = attachWebSocket({
    server,
    yoga,
    fanout,
    auth,
    limits: config.limits,
    logger,
    metrics: services.metrics,
    verifyUpgrade: originPolicy.verifyUpgrade,
  });
  let stopping: Promise<void> | undefined;

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
    stop: () => {
      stopping ??= shutDown({
        config,
        logger,
        services,
        server,
        closeWebSockets: async () => ws.dispose(),
        disposeYoga: async () => yoga.dispose(),
      });
      return stopping;
    },
  };
}

/**
 * At most this long, subscribers get to take the last events of the turns that just
 * ended: a subscriber that stopped reading does not hold the shutdown up for longer.
 */
const SUBSCRIBER_CATCH_UP_MS = 1000;
/** How long answers already being written may take once the turns are done. */
const RESPONSE_GRACE_MS = 1000;

/**
 * The order matters: stop taking work first, let the turns end (their events and
 * DoneEvents stored), only then cut the connections that watch them, and close the
 * database and Redis last, once nothing writes to them any more.
 */
async function shutDown(opts: {
  config: Config;
  logger: Logger;
  services: Services;
  server: Server;
  closeWebSockets: () => Promise<void>;
  disposeYoga: () => Promise<void>;
}): Promise<void> {
  const { config, logger, services, server } = opts;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // 1. No new connections (server.close), requests or turns (draining: 503, SHUTTING_DOWN).
  // 2. Running and queued turns get the grace period, then are cancelled; each flushes
  //    its event batch and stores its DoneEvent. Subscribers still see them end.
  const drained = await services.runner.drain(config.shutdownGraceMs);
  logger.info(drained, 'turns drained');
  // A DoneEvent published a moment ago is still on its way through the subscriptions
  // (a store read, then the socket); closing now would cut it off. Once every one of
  // them waits for more, it has been handed to its socket (which sends what it holds
  // before the close), so nothing is lost by closing then.
  if (drained.finished + drained.cancelled > 0) {
    await settledWithin(services.bus.delivered(), SUBSCRIBER_CATCH_UP_MS, logger);
  }
  // 3. WebSockets close with 1001 Going Away (graphql-ws), so clients reconnect elsewhere.
  await opts.closeWebSockets();
  // 4. Responses being written (a sendChat whose turn just ended) get a moment; SSE
  //    streams and idle keep-alive connections do not wait longer.
  server.closeIdleConnections();
  await settledWithin(closed, RESPONSE_GRACE_MS, logger);
  server.closeAllConnections();
  await closed;
  // 5. Plugins release what they hold, then: audit entries flushed, lease sweeper
  //    stopped, Redis and the database closed.
  await opts.disposeYoga();
  await services.close();
  logger.info('stopped');
}

/**
 * Waits for `done`, or `ms` at most: past that, or if the step failed, the shutdown goes
 * on (the connections must be closed whatever happened before).
 */
async function settledWithin(done: Promise<unknown>, ms: number, logger: Logger): Promise<void> {
  try {
    await withDeadline(done, ms, 'shutdown step took too long');
  } catch (error) {
    if (!(error instanceof DeadlineError)) logger.warn({ err: error }, 'shutdown step failed');
  }
}
