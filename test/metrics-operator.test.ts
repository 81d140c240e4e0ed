/**
 * The metrics an operator watches, scraped from a real server on FerretDB: tokens and
 * tool calls of a turn, GraphQL errors by code over HTTP and WebSocket, open
 * WebSocket connections; and the labels stay within their fixed sets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERROR_CODE_LABELS } from '../src/model/error-codes.js';
import type { SessionEvent } from '../src/model/events.js';
import { createMetrics } from '../src/observability/metrics.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const mongo = storeVariants.find((v) => v.name === 'mongo')!;

/** Every sample of `name` in the exposition text, by its labels as written (`a="x",b="y"`). */
function samples(text: string, name: string): Record<string, number> {
  const found: Record<string, number> = {};
  const line = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm');
  for (const match of text.matchAll(line)) found[match[1] ?? ''] = Number(match[2]);
  return found;
}

const RENAME = 'mutation { renameSession(id: "no-such-session", title: "x") { id } }';

describe('operator metrics on a real server', () => {
  it('count a turn’s tokens and tool call, errors by code, and open WebSockets', async () => {
    const server = await startServer(await mongo.env());
    const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
    const before = await scrape();
    const delta = (after: string, name: string, labels: string) =>
      (samples(after, name)[labels] ?? 0) - (samples(before, name)[labels] ?? 0);

    // A turn with a tool call.
    const sent = await server.gql<any>(SEND_CHAT, { input: { content: 'what is 2+3*4?' } });
    const chat = sent.data.sendChat;
    expect(chat.toolCalls).toMatchObject([{ toolName: 'calculator', isError: false }]);

    // A bad request over HTTP, then over a WebSocket held open: NOT_FOUND each, and a
    // query that fails validation (no code: `other`).
    const http = await server.gql(RENAME);
    expect(http.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ws = server.wsClient();
    const wsResult = await new Promise<any>((resolve, reject) => {
      ws.subscribe({ query: RENAME }, { next: resolve, error: reject, complete: () => {} });
    });
    expect(wsResult.errors[0].extensions.code).toBe('NOT_FOUND');
    const invalid = await new Promise<unknown>((resolve) => {
      ws.subscribe(
        { query: '{ noSuchField }' },
        { next: () => {}, error: resolve, complete: () => {} },
      );
    });
    expect(invalid).toEqual([
      expect.objectContaining({ message: expect.stringContaining('noSuchField') }),
    ]);

    const during = await scrape();
    expect(delta(during, 'parley_tokens_total', 'kind="input"')).toBe(chat.usage.inputTokens);
    expect(delta(during, 'parley_tokens_total', 'kind="output"')).toBe(chat.usage.outputTokens);
    expect(chat.usage.inputTokens).toBeGreaterThan(0);
    expect(delta(during, 'parley_tool_calls_total', 'tool="calculator",error="false"')).toBe(1);
    expect(delta(during, 'parley_graphql_errors_total', 'code="NOT_FOUND"')).toBe(2);
    expect(delta(during, 'parley_graphql_errors_total', 'code="other"')).toBe(1);
    // Every code has a series from the start, so an alert sees 0 before the first error.
    expect(samples(before, 'parley_graphql_errors_total')['code="DB_UNAVAILABLE"']).toBe(0);

    // Open sockets, one that never says connection_init too, until they are gone.
    const open = async () => samples(await scrape(), 'parley_websocket_connections')[''];
    await ws.dispose();
    await expect.poll(open).toBe(0);
    const raw = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve, reject) => raw.once('open', resolve).once('error', reject));
    await expect.poll(open).toBe(1);
    raw.close();
    await expect.poll(open).toBe(0);
  });
});

describe('operator metrics on their own', () => {
  const at = new Date();
  const base = { sessionId: 's', turnId: 't1', at };

  it('add a turn’s cumulative usage once, and bound the tool and code labels', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const events = [
      { ...base, seq: 1, type: 'usage', inputTokens: 10, outputTokens: 2 },
      {
        ...base,
        seq: 2,
        type: 'toolEnd',
        toolCallId: 'c1',
        toolName: 'calculator',
        durationMs: 1,
        isError: true,
        outputSummary: '',
      },
      {
        ...base,
        seq: 3,
        type: 'toolEnd',
        toolCallId: 'c2',
        toolName: 'web_search',
        durationMs: 1,
        isError: false,
        outputSummary: '',
      },
      // The same turn's next step: totals so far, not an increment.
      { ...base, seq: 4, type: 'usage', inputTokens: 25, outputTokens: 7 },
      { ...base, seq: 5, turnId: 't2', type: 'usage', inputTokens: 3, outputTokens: 1 },
    ] as SessionEvent[];
    for (const event of events) metrics.observeEvent(event);
    metrics.countErrors([
      { extensions: { code: 'NOT_FOUND' } },
      { extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { extensions: { code: 'ANYTHING_A_LIBRARY_MADE_UP' } },
      {},
    ]);
    const text = await metrics.render();
    expect(samples(text, 'parley_tokens_total')).toEqual({
      'kind="input"': 28,
      'kind="output"': 8,
    });
    expect(samples(text, 'parley_tool_calls_total')).toEqual({
      'tool="calculator",error="true"': 1,
      'tool="other",error="false"': 1,
    });
    const errors = samples(text, 'parley_graphql_errors_total');
    expect(errors).toMatchObject({
      'code="NOT_FOUND"': 1,
      'code="INTERNAL"': 1,
      'code="other"': 2,
    });
    // Every code of the fixed list is a series, and nothing a client sent added one.
    expect(Object.keys(errors)).toHaveLength(ERROR_CODE_LABELS.length);
  });
});
