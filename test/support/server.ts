/**
 * Starts real Parley servers on free loopback ports for tests, and disposes every
 * server and client it started (call disposeAll in afterEach/afterAll).
 */
import type { FormattedExecutionResult } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import { type App, type BuildOptions, buildApp } from '../../src/app.js';
import { configFrom } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { START_CHAT } from './operations.js';

export interface TestServer {
  app: App;
  url: string;
  wsUrl: string;
  /** POSTs a GraphQL operation; returns the parsed JSON body. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Result<T>>;
  wsClient(connectionParams?: Record<string, unknown>): Client;
}

type Result<T> = FormattedExecutionResult<T, unknown>;

const disposers: (() => Promise<void>)[] = [];

export async function startServer(
  env: Record<string, string | undefined> = {},
  options: BuildOptions = {},
): Promise<TestServer> {
  const config = configFrom({
    PORT: '0',
    LOCAL_AGENT_TOKEN_DELAY_MS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp(config, { logger: createLogger(config), ...options });
  const url = await app.start();
  disposers.push(() => app.stop());
  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
  return {
    app,
    url,
    wsUrl,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as never;
    },
    wsClient(connectionParams) {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
      });
      disposers.push(() => client.dispose() as Promise<void>);
      return client;
    },
  };
}

/** The GraphQL-over-HTTP media type: errors come with a 4xx status instead of 200. */
export const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * POSTs to `${url}/graphql` accepting GRAPHQL_RESPONSE (override with `headers`); a
 * string body is sent as is. Returns the HTTP status and the parsed JSON body.
 */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

/**
 * startChat on the server at `url` (a child process too); returns the turn id and
 * fails the test on an error.
 */
export async function startChatAt(url: string, sessionId: string, content: string) {
  const { body } = await post(url, {
    query: START_CHAT,
    variables: { input: { sessionId, content } },
  });
  expect(body.errors).toBeUndefined();
  return body.data.startChat.id as string;
}

export async function disposeAll(): Promise<void> {
  // Clients first (they are newer), then servers.
  for (const dispose of disposers.splice(0).reverse()) await dispose();
}

/** Collects a subscription's results until `until` says stop (or the stream completes). */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until: (item: Result<T>, all: Result<T>[]) => boolean = () => false,
): { done: Promise<Result<T>[]>; results: Result<T>[]; unsubscribe: () => void } {
  const results: Result<T>[] = [];
  let unsubscribe = () => {};
  const done = new Promise<Result<T>[]>((resolve, reject) => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (item) => {
          results.push(item);
          if (until(item, results)) {
            unsubscribe();
            resolve(results);
          }
        },
        error: reject,
        complete: () => resolve(results),
      },
    );
  });
  return { done, results, unsubscribe: () => unsubscribe() };
}

/**
 * Resolves once the server holds `count` live event-bus listeners, in all or on one
 * session (i.e. the subscriptions are live and will see what is published next).
 */
export async function listenersReady(app: App, count: number, sessionId?: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (app.services.bus.listenerCount(sessionId) < count)
        throw new Error('subscription not live yet');
    },
    { timeout: 5000, interval: 5 },
  );
}
