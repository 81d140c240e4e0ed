/**
 * How the page talks to Parley, on its own origin: queries and mutations over HTTP with
 * the bearer token, subscriptions over one graphql-ws socket that authenticates with a
 * one-time ticket (a WebSocket cannot carry an Authorization header from a browser).
 */
import { type Client, createClient } from 'graphql-ws';
import { storedToken } from './auth-token.js';
import { CreateTicket } from './operations.js';

/** What codegen's TypedDocumentString is to the code that sends it. */
export interface Doc<R, V> {
  toString(): string;
  __apiType?: (variables: V) => R;
}

/** A GraphQL error with its `extensions.code` (UNAUTHENTICATED, FORBIDDEN, ...). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface Body<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function unwrap<R>(body: Body<R>): R {
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code);
  if (!body.data) throw new ApiError('no data in the answer', undefined);
  return body.data;
}

const authLostListeners = new Set<() => void>();

/**
 * Called when the server stops taking the stored token (a JWT that expired, a token
 * revoked): over HTTP (UNAUTHENTICATED) or on the socket (closed with 4403).
 */
export function onAuthLost(listener: () => void): () => void {
  authLostListeners.add(listener);
  return () => authLostListeners.delete(listener);
}

function authLost(): void {
  if (storedToken()) for (const listener of authLostListeners) listener();
}

export async function request<R, V>(doc: Doc<R, V>, variables?: V): Promise<R> {
  const token = storedToken();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: doc.toString(), variables }),
  });
  const body = (await res.json().catch(() => ({}))) as Body<R>;
  if (res.status === 401) {
    authLost();
    if (!body.errors) throw new ApiError('unauthenticated', 'UNAUTHENTICATED');
  }
  return unwrap(body);
}

/** Close codes after which the socket comes back by itself (graphql-ws retries them). */
const TRANSIENT_CLOSE = new Set([1000, 1001, 1006, 1011, 1012, 1013]);

let socket: Client | undefined;

function ws(): Client {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    // A dropped connection is retried for as long as the page is open (with backoff).
    retryAttempts: Number.POSITIVE_INFINITY,
    // Back within a quarter second after a blip (graphql-ws waits 1-4 s at first), then
    // doubling up to 10 s, with jitter so that many tabs do not come back at once.
    retryWait: (retries) =>
      new Promise((resolve) =>
        setTimeout(resolve, Math.min(10_000, 250 * 2 ** retries) + Math.random() * 250),
      ),
    // A ticket per connection: each works once, for 30 s, so a reconnect asks anew.
    on: {
      closed: (event) => {
        if ((event as { code?: number }).code === 4403) authLost();
      },
    },
    connectionParams: async () => {
      if (!storedToken()) return {};
      const { createChatTicket } = await request(CreateTicket);
      return { ticket: createChatTicket.ticket };
    },
  });
  return socket;
}

/** Drops the socket (after a log-in or log-out: the next one authenticates anew). */
export function resetSocket(): void {
  void socket?.dispose();
  socket = undefined;
}

/**
 * A subscription that survives a dropped connection: graphql-ws would resend the first
 * variables after a reconnect, so on every close this one subscribes again with
 * `variables()` as they are then (afterSeq: the last seq seen; after: the last cursor).
 * `onError` gets what ends it for good (an error result or a fatal close).
 */
export function follow<R, V>(
  doc: Doc<R, V>,
  variables: () => V,
  next: (data: R) => void,
  onError: (error: ApiError) => void,
): () => void {
  const client = ws();
  let stopped = false;
  let unsubscribe = () => {};
  const start = () => {
    unsubscribe = client.subscribe<R>(
      { query: doc.toString(), variables: variables() as Record<string, unknown> },
      {
        next: (result) => {
          if (result.errors?.length) onError(toError(result.errors));
          else if (result.data) next(result.data);
        },
        error: (error) => {
          if (!stopped) onError(toError(error));
        },
        complete: () => {},
      },
    );
  };
  const offClosed = client.on('closed', (event) => {
    const code = (event as { code?: number }).code ?? 1006;
    if (stopped || !TRANSIENT_CLOSE.has(code)) return;
    unsubscribe();
    start();
  });
  start();
  return () => {
    stopped = true;
    offClosed();
    unsubscribe();
  };
}

function toError(error: unknown): ApiError {
  if (Array.isArray(error)) {
    const first = error[0] as { message?: string; extensions?: { code?: string } } | undefined;
    return new ApiError(first?.message ?? 'subscription error', first?.extensions?.code);
  }
  if (error instanceof Error) return new ApiError(error.message, undefined);
  const close = error as { code?: number; reason?: string };
  return new ApiError(`connection closed (${close.code ?? '?'} ${close.reason ?? ''})`, undefined);
}
