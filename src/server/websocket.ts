/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's /graphql, through
 * yoga.getEnveloped so it shares Yoga's context factory and plugins. A connection
 * authenticates once, in connection_init (`authorization` or a one-time `ticket`);
 * a bad credential closes it with 4403.
 */
import type { Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/authenticator.js';
import type { Viewer } from '../resolvers/context.js';
import { GRAPHQL_PATH, type ParleyYoga } from './yoga.js';

interface Enveloped {
  execute: (args: unknown) => unknown;
  subscribe: (args: unknown) => unknown;
}

export function attachWebSocket(opts: { server: Server; yoga: ParleyYoga; auth: Authenticator }) {
  const { server, yoga, auth } = opts;
  const wsServer = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const viewers = new WeakMap<object, Viewer>();
  const disposable = useServer(
    {
      onConnect: async (ctx) => {
        try {
          viewers.set(ctx.extra, await auth.fromConnectionParams(ctx.connectionParams));
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      // onSubscribe puts Yoga's enveloped execute/subscribe in rootValue (Yoga's recipe).
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: async (ctx, _id, params) => {
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          viewer: viewers.get(ctx.extra),
          params,
        });
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
  return { wsServer, dispose: () => disposable.dispose() };
}
