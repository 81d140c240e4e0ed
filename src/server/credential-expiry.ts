/**
 * A credential's lifetime holds for the connections it opened, not only for the check
 * at connect: a WebSocket authenticated with a JWT is closed with 4403 Forbidden
 * 'token expired' at the token's deadline (Authenticator.expiryOf: `exp`, or `iat` +
 * JWT_MAX_AGE_S if sooner), which ends its operations; an SSE subscription ends then
 * with a last UNAUTHENTICATED error. Keep-alive would otherwise keep a connection
 * opened with a five-minute token subscribing and receiving for days. As the Mercure
 * hub and Feathers do (they disconnect at `exp`), the client reconnects with a fresh
 * token (graphql-ws clients take 4403 as Forbidden).
 * Static API tokens and one-time tickets carry no deadline: their connections stay.
 */

import { type ExecutionResult, GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import type { Extra } from './ws-adapter.js';

export const TOKEN_EXPIRED = 'token expired';

/** setTimeout fires at once beyond 2^31-1 ms (about 24.8 days): longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `onExpired` at `deadline` (epoch ms), with one timer at a time; returns the cancel. */
export function atDeadline(deadline: number, onExpired: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = deadline - Date.now();
    if (wait <= 0) return onExpired();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
    timer.unref(); // a connection's deadline keeps no process alive
  };
  arm();
  return () => clearTimeout(timer);
}

/** Closes the connection at its credential's deadline; the timer goes with the socket. */
export function closeAtDeadline(extra: Extra, deadline: number | undefined): void {
  const { socket } = extra;
  if (deadline === undefined || socket.readyState !== socket.OPEN) return;
  const cancel = atDeadline(deadline, () => extra.cutOff(CloseCode.Forbidden, TOKEN_EXPIRED));
  socket.once('close', cancel);
}

/**
 * Yoga plugin: a subscription over HTTP (SSE, at /graphql and /graphql/stream) ends at
 * its credential's deadline with an UNAUTHENTICATED error. A graphql-sse stream's later
 * operations are refused anyway: each POST is authenticated. WebSocket operations are
 * left to their connection's close (closeAtDeadline).
 */
export function useCredentialExpiry(expiryOf: (viewer: Viewer) => number | undefined): Plugin {
  return {
    onSubscribe({ args }) {
      const context = args.contextValue as { viewer?: Viewer; extra?: unknown };
      if (context.extra !== undefined || !context.viewer) return;
      const deadline = expiryOf(context.viewer);
      if (deadline === undefined) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(endingAt(result, deadline));
        },
      };
    },
  };
}

const EXPIRED = Symbol('expired');

/** The stream until `deadline`, then one last UNAUTHENTICATED result and the end. */
function endingAt(
  source: AsyncIterable<ExecutionResult>,
  deadline: number,
): AsyncIterableIterator<ExecutionResult> {
  const inner = source[Symbol.asyncIterator]();
  let expire = () => {};
  const expired = new Promise<typeof EXPIRED>((resolve) => {
    expire = () => resolve(EXPIRED);
  });
  const cancel = atDeadline(deadline, () => expire());
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    cancel();
    // Not awaited: a source waiting for its next event may answer `return` only then.
    inner.return?.().catch(() => {});
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return { done: true, value: undefined };
      const pending = inner.next();
      const first = await Promise.race([pending, expired]);
      if (first !== EXPIRED) {
        if (first.done) finish();
        return first;
      }
      pending.catch(() => {}); // left behind: settles when the source is returned
      finish();
      const error = new GraphQLError(`${TOKEN_EXPIRED}; subscribe again with a fresh token`, {
        extensions: { code: 'UNAUTHENTICATED' },
      });
      return { done: false, value: { errors: [error] } };
    },
    async return() {
      finish();
      return { done: true, value: undefined };
    },
    async throw(error) {
      finish();
      throw error;
    },
  };
}
