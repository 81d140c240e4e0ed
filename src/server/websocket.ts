/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's /graphql, through
 * yoga.getEnveloped so it shares Yoga's context factory and plugins. A connection
 * authenticates once, in connection_init (`authorization` or a one-time `ticket`);
 * a bad credential closes it with 4403, and so does the deadline of the JWT it
 * authenticated with (credential-expiry.ts). Limits: connection_init within
 * WS_INIT_TIMEOUT_MS, at most WS_MAX_SUBSCRIPTIONS operations at once, operations
 * started per second per connection and per user (ws-subscribe-rate.ts; the user's
 * budget is shared with SSE, user-operation-rate.ts), messages of at
 * most MAX_BODY_BYTES; the query limits apply as over HTTP (same envelop plugins).
 *
 * An operation the client completes while it is being set up costs no more than it
 * has already: each step checks it is still open before the next (context, resolver,
 * store read), and a stream that arrives after `complete` is returned at once.
 */
import type { Server } from 'node:http';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import type { Logger } from 'pino';
import { type VerifyClientCallbackAsync, WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/authenticator.js';
import type { Viewer } from '../auth/viewer.js';
import type { LimitsConfig } from '../config.js';
import type { ParleyMetrics } from '../observability/metrics.js';
import { closeAtDeadline } from './credential-expiry.js';
import type { Fanout } from './fanout/index.js';
import { serveGraphQLWs } from './ws-adapter.js';
import { completedMeanwhile, tooManyOperations, withoutHttpHint } from './ws-operation-errors.js';
import { createQueryTexts } from './ws-query-texts.js';
import {
  CLOSE_RATE_LIMITED,
  type ConnectionRate,
  createSubscribeRate,
} from './ws-subscribe-rate.js';
import { GRAPHQL_PATH, type ParleyYoga, userOperationRateOf } from './yoga.js';

/**
 * What onSubscribe leaves in rootValue for the operation (Yoga's graphql-ws recipe). A
 * class: every open operation holds one, and a closure made per operation costs more
 * under tsx (see ws-adapter.ts's Connection).
 */
class OperationRoot {
  constructor(
    readonly execute: (args: ExecutionArgs) => unknown,
    readonly subscribe: (args: ExecutionArgs) => unknown,
    private readonly operations: Record<string, unknown>,
    private readonly id: string,
  ) {}

  /** False once the client has completed the operation (or left). */
  isOpen(): boolean {
    return this.id in this.operations;
  }
}

export function attachWebSocket(opts: {
  server: Server;
  yoga: ParleyYoga;
  /** The fast path Yoga's plugin belongs to: it writes shared results to the sockets. */
  fanout: Fanout;
  auth: Authenticator;
  limits: LimitsConfig;
  logger: Logger;
  /** Counts the errors sent over WebSocket and reads the open connections. */
  metrics?: ParleyMetrics;
  /** The origin policy's check of Host and Origin, before the upgrade (origin-policy.ts). */
  verifyUpgrade?: VerifyClientCallbackAsync;
}) {
  const { server, yoga, fanout, auth, limits, logger } = opts;
  // ws accepts 100 MiB messages by default; one message is one operation, held by the
  // same bound as an HTTP body (bigger: closed with 1009 Message Too Big).
  const wsServer = new WebSocketServer({
    server,
    path: GRAPHQL_PATH,
    maxPayload: limits.maxBodyBytes,
    ...(opts.verifyUpgrade ? { verifyClient: opts.verifyUpgrade } : {}),
  });
  opts.metrics?.watchWebSockets(() => wsServer.clients.size);
  const viewers = new WeakMap<object, Viewer>();
  const subscribeRate = createSubscribeRate({
    perSocket: limits.wsSubscribesPerSecond,
    // The user's one budget, shared with their SSE subscriptions (off in single-user mode).
    perUser: userOperationRateOf(yoga),
  });
  const rates = new WeakMap<object, ConnectionRate>();
  /** Operations whose results are a stream: errors inside one are not counted (README). */
  const streams = new WeakSet<ExecutionArgs>();
  const queryTexts = createQueryTexts();
  const disposable = serveGraphQLWs(
    {
      // A socket that never says connection_init is closed with 4408.
      connectionInitWaitTimeout: limits.wsInitTimeoutMs,
      onConnect: async (ctx) => {
        try {
          const viewer = await auth.fromConnectionParams(ctx.connectionParams);
          viewers.set(ctx.extra, viewer);
          rates.set(ctx.extra, subscribeRate.forConnection());
          // A JWT's lifetime holds for the connection: 4403 'token expired' at its deadline.
          closeAtDeadline(ctx.extra, auth.expiryOf(viewer));
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      // onSubscribe puts Yoga's enveloped execute/subscribe in rootValue (Yoga's recipe).
      execute: (args) => (args.rootValue as OperationRoot).execute(args) as never,
      // A subscription's shared results go to the socket from its result stream
      // (fanout/); graphql-ws sends the rest.
      subscribe: async (args) => {
        const root = args.rootValue as OperationRoot;
        if (!root.isOpen()) return completedMeanwhile() as never;
        const results = await root.subscribe(args);
        if (!isAsyncIterable(results)) return results as never;
        streams.add(args);
        if (!root.isOpen()) {
          // graphql-ws would return it too, without waiting: the bus listener and the
          // rest go now, before anything else is read for this socket.
          await (results as AsyncIterableIterator<unknown>).return?.();
          return completedMeanwhile() as never;
        }
        return results as never;
      },
      onSubscribe: async (ctx, id, params) => {
        // ctx.subscriptions already holds this operation (queries and mutations too,
        // while they run): refusing the one over the limit leaves the others running.
        if (Object.keys(ctx.subscriptions).length > limits.wsMaxSubscriptions) {
          return [tooManyOperations(limits.wsMaxSubscriptions)];
        }
        // Before any work for the operation: a refused one costs a counter increment.
        const viewer = viewers.get(ctx.extra);
        const verdict = await rates.get(ctx.extra)?.check(viewer?.userId ?? '');
        if (verdict?.kind === 'refused') {
          const reason = verdict.closeReason;
          // After the answers already decided for this burst (RATE_LIMITED errors a few
          // promise jobs behind), so the client learns why before the close.
          const { extra } = ctx;
          if (reason) setImmediate(() => extra.cutOff(CLOSE_RATE_LIMITED, reason));
          return [verdict.error];
        }
        // Completed already (`complete` right behind `subscribe`): nothing to set up.
        if (!(id in ctx.subscriptions)) return [completedMeanwhile().errors[0]!];
        // graphql-ws keeps this message while the operation runs: one copy of its text.
        (params as { query: string }).query = queryTexts.shared(params.query);
        const enveloped = yoga.getEnveloped({ ...ctx, viewer, params });
        let document: ReturnType<typeof enveloped.parse>;
        try {
          document = enveloped.parse(params.query);
        } catch (error) {
          // A syntax error (or the token limit) is the client's: an `error` message for
          // this operation. Thrown, graphql-ws would close the whole socket with 4500.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        const contextValue = await enveloped.contextFactory();
        if (!(id in ctx.subscriptions)) return [completedMeanwhile().errors[0]!];
        fanout.writeDirectly(contextValue, id, ctx.extra);
        const { execute, subscribe } = enveloped;
        return {
          schema: enveloped.schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue,
          rootValue: new OperationRoot(execute, subscribe, ctx.subscriptions, id),
        };
      },
      // Errors sent, by code: an operation refused before it ran, and the results of
      // queries and mutations (not errors inside a subscription's stream, as over SSE).
      onError: (_ctx, _id, _payload, errors) => {
        opts.metrics?.countErrors(errors);
        return errors.map(withoutHttpHint);
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!streams.has(args)) opts.metrics?.countErrors(result.errors);
      },
    },
    wsServer,
    logger,
    // A reader that stops reading: told SUBSCRIBER_LAGGED, closed with 1013 (ws-flow.ts).
    {
      maxUnreadBytes: limits.wsMaxUnreadBytes,
      stallMs: limits.wsStallMs,
      keepAliveMs: limits.wsKeepAliveMs,
    },
  );
  return { wsServer, dispose: () => disposable.dispose() };
}
