/**
 * Opens the request scope (observability/request-scope.ts) for each HTTP request and
 * each WebSocket operation, and records request metrics. An incoming `x-request-id` is
 * kept when it looks like an id (a proxy's), else a new one is made; HTTP responses
 * echo it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DocumentNode, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ParleyMetrics } from '../observability/metrics.js';
import { currentScope, type RequestScope, runInScope } from '../observability/request-scope.js';
import type { Services } from '../services.js';

/** Printable, short and without separators that could forge a log or header line. */
const SANE_ID = /^[\w.:@/+=-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_ID.test(value) ? value : randomUUID();
}

/** Routes by name, for labels and logs: never the raw URL (its query string may hold a query). */
function routeOf(url: string | undefined): string {
  const path = url?.split('?')[0] ?? '';
  switch (path) {
    case '/graphql':
      return 'graphql';
    case '/graphql/stream':
      return 'graphql_stream';
    case '/health':
    case '/ready':
    case '/metrics':
      return path.slice(1);
    default:
      return 'other';
  }
}

const PROBES = new Set(['health', 'ready', 'metrics']);

/**
 * Wraps the HTTP handler: request id in and out, the scope, one log line and the
 * metrics per request. While the server shuts down (`refusing()`), everything but
 * the probes gets 503 and the connection is closed.
 */
export function withRequestScope(
  deps: { logger: Logger; metrics: ParleyMetrics; refusing: () => boolean },
  handler: (req: IncomingMessage, res: ServerResponse) => void,
) {
  const { logger, metrics } = deps;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const scope: RequestScope = {
      requestId: requestIdFrom(req.headers['x-request-id']),
      operation: 'none',
    };
    const route = routeOf(req.url);
    const started = performance.now();
    res.setHeader('x-request-id', scope.requestId);
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = res.writableFinished ? res.statusCode : 499; // 499: the client left first
      metrics.observeRequest({ route, status, operation: scope.operation }, seconds);
      const level = PROBES.has(route) ? 'debug' : 'info';
      logger[level](
        {
          reqId: scope.requestId,
          method: req.method,
          route,
          status,
          operation: scope.operation,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    if (deps.refusing() && !PROBES.has(route)) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ error: 'the server is shutting down' }));
      return;
    }
    runInScope(scope, () => handler(req, res));
  };
}

/**
 * Yoga plugin: labels the HTTP request with its operation type, counts operations,
 * gives each WebSocket operation a scope of its own, and refuses new operations
 * once the server is shutting down (WebSockets stay open until the turns are done).
 */
export function useRequestScope(services: Services): Plugin {
  const { metrics, logger, runner } = services;
  const shuttingDown = () =>
    new GraphQLError('the server is shutting down; retry on another instance', {
      extensions: { code: 'SHUTTING_DOWN' },
    });
  /** Runs `run` in the operation's scope: the request's on HTTP, a new one on a WebSocket. */
  const enter = <T>(args: OperationArgs, run: () => T): T => {
    const operation = getOperationAST(args.document, args.operationName)?.operation ?? 'none';
    const overWebSocket =
      typeof args.contextValue === 'object' && 'extra' in (args.contextValue ?? {});
    metrics.countOperation(operation, overWebSocket ? 'ws' : 'http');
    const current = currentScope();
    if (current && !overWebSocket) {
      current.operation = operation;
      return run();
    }
    return runInScope({ requestId: randomUUID(), operation }, () => {
      if (overWebSocket) logger.debug({ operation }, 'websocket operation');
      return run();
    });
  };
  return {
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      if (runner.draining) return setResultAndStopExecution({ errors: [shuttingDown()] });
      setExecuteFn((a) => enter(args, () => executeFn(a)));
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn, setResultAndStopExecution }) {
      if (runner.draining) return setResultAndStopExecution({ errors: [shuttingDown()] });
      setSubscribeFn((a) => enter(args, () => subscribeFn(a)));
    },
  };
}

interface OperationArgs {
  document: DocumentNode;
  operationName?: string | null;
  contextValue?: unknown;
}
