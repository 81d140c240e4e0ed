/**
 * How the `openai` agent fails and stops, through the real server against a local
 * fake: retries before streaming only, readable errors without the API key, cancel
 * aborting the HTTP request at once, and the start-up check of its settings.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, configFrom, loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { chunk, errorBody, FakeOpenAI, type Step, textAnswer } from './support/fake-openai.js';
import { isDone, SECRET, tokens, useFakeOpenAI } from './support/openai-agent.js';
import {
  type EventItem,
  type EventsData,
  SESSION,
  SESSION_EVENTS,
  START_CHAT,
} from './support/operations.js';
import { collect, startServer, type TestServer } from './support/server.js';

const { fake, start: startOpenAI } = useFakeOpenAI();

/** Every log line of the server, to check that no secret or content leaks into them. */
async function start(
  env: Record<string, string> = {},
): Promise<{ server: TestServer; logs: string[] }> {
  const logs: string[] = [];
  const logger = createLogger(
    { logLevel: 'trace' },
    { write: (line: string) => void logs.push(line) },
  );
  const server = await startOpenAI(env, { logger });
  return { server, logs };
}

/** Starts a turn (startChat) and follows its events; `events` fills as they arrive. */
async function startTurn(server: TestServer, content: string) {
  const sessionId = randomUUID();
  const sub = collect<EventsData>(
    server.wsClient(),
    SESSION_EVENTS,
    { sessionId, afterSeq: 0 },
    isDone,
  );
  const started = await server.gql<{ startChat: any }>(START_CHAT, {
    input: { sessionId, content },
  });
  expect(started.errors).toBeUndefined();
  const events = () => sub.results.map((r) => r.data!.sessionEvents);
  const done = async () => {
    await sub.done;
    return events().at(-1)!;
  };
  return { sessionId, turnId: started.data!.startChat.id as string, events, done };
}

async function lastMessage(server: TestServer, sessionId: string) {
  const stored = await server.gql<{ session: any }>(SESSION, { id: sessionId });
  expect(stored.errors).toBeUndefined();
  return stored.data!.session.messages.edges.at(-1).node;
}

/** Fails with a readable error that names no secret; the logs name neither it nor the message. */
function expectCleanFailure(done: EventItem, logs: string[], pattern: RegExp) {
  expect(done).toMatchObject({ __typename: 'DoneEvent', status: 'FAILED' });
  expect(done.error).toMatch(pattern);
  expect(done.error).not.toContain(SECRET);
  const log = logs.join('');
  expect(log).toContain('turn failed');
  expect(log).not.toContain(SECRET);
  expect(log).not.toContain('secret question');
}

describe('openai agent: retries', () => {
  it('retries a 429 once, with backoff, and completes', async () => {
    fake().script(
      {
        status: 429,
        body: errorBody('Rate limit reached for test-model', 'requests', 'rate_limit_exceeded'),
      },
      { stream: textAnswer(['after ', 'the wait']) },
    );
    const { server } = await start();
    const turn = await startTurn(server, 'hello');
    expect(await turn.done()).toMatchObject({
      status: 'COMPLETED',
      reply: 'after the wait',
      error: null,
    });
    expect(fake().requests).toHaveLength(2);
    // The package's exponential backoff (0.5 s minus up to 25 % jitter for the first retry).
    expect(fake().requests[1]!.at - fake().requests[0]!.at).toBeGreaterThanOrEqual(300);
  });

  it('gives up after OPENAI_MAX_RETRIES with the status and the provider message', async () => {
    const unavailable = { status: 503, body: errorBody('The engine is currently overloaded') };
    fake().script(unavailable, unavailable);
    const { server, logs } = await start({ OPENAI_MAX_RETRIES: '1' });
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(
      await turn.done(),
      logs,
      /^the model endpoint answered HTTP 503: The engine is currently overloaded \(server_error\)$/,
    );
    expect(fake().requests).toHaveLength(2);
  });

  it('does not retry a 500 reported after the first token; the partial reply is kept', async () => {
    fake().script({
      stream: [
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hel' }),
        // What OpenAI does once a stream has started: an error object in the stream.
        errorBody('The server had an error while processing your request.'),
      ],
      end: 'close',
    });
    const { server, logs } = await start();
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(
      await turn.done(),
      logs,
      /^the model stream failed: The server had an error while processing your request\. \(server_error\)$/,
    );
    expect(tokens(turn.events())).toEqual(['Hel']);
    expect(await lastMessage(server, turn.sessionId)).toMatchObject({
      content: 'Hel',
      status: 'FAILED',
    });
    // The package retries only while it awaits a response's head, before the stream is
    // handed over: once the request is over and the server has stopped (its turns ended,
    // its clients closed), no retry of this turn can still come.
    await fake().requests[0]!.closed;
    await server.app.stop();
    expect(fake().requests).toHaveLength(1);
  });
});

describe('openai agent: broken streams', () => {
  const streamed: Step[] = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' })];

  it('fails on a malformed chunk, without retrying or quoting it', async () => {
    fake().script({
      stream: [...streamed, { raw: '{"id": "chatcmpl-fake", "choices": [{' }],
      end: 'close',
    });
    const { server, logs } = await start();
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(
      await turn.done(),
      logs,
      /^the model stream sent a malformed chunk \(invalid JSON\)$/,
    );
    expect(fake().requests).toHaveLength(1);
  });

  it('fails when the connection drops mid-stream', async () => {
    fake().script({ stream: streamed, end: 'destroy' });
    const { server, logs } = await start();
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(
      await turn.done(),
      logs,
      /^the connection to the model endpoint was lost mid-stream/,
    );
    expect(tokens(turn.events())).toEqual(['Hi']);
    expect(fake().requests).toHaveLength(1);
  });

  it('fails when a stream ends without finishing (no finish_reason, no [DONE])', async () => {
    fake().script({ stream: streamed, end: 'close' });
    const { server, logs } = await start();
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(await turn.done(), logs, /ended before the completion finished/);
  });

  it('fails when a stream stalls for OPENAI_TIMEOUT_MS', async () => {
    fake().script({ stream: streamed, end: 'hang' });
    const { server, logs } = await start({ OPENAI_TIMEOUT_MS: '500' });
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(
      await turn.done(),
      logs,
      /stalled: no data for 500 ms \(OPENAI_TIMEOUT_MS\)$/,
    );
    await fake().requests[0]!.closed;
    expect(fake().requests[0]!.aborted).toBe(true);
  });

  it('redacts the API key when the provider quotes it', async () => {
    fake().script({
      status: 401,
      body: errorBody(
        `Incorrect API key provided: ${SECRET}.`,
        'invalid_request_error',
        'invalid_api_key',
      ),
    });
    const { server, logs } = await start();
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(
      await turn.done(),
      logs,
      /^the model endpoint answered HTTP 401: Incorrect API key provided: \*\*\*\. \(invalid_request_error, invalid_api_key\)$/,
    );
    expect(fake().requests).toHaveLength(1); // 4xx other than 408/409/429: not retried
  });

  it('fails readably when the endpoint cannot be reached', async () => {
    const closed = await FakeOpenAI.start();
    await closed.close();
    const { server, logs } = await start({
      OPENAI_BASE_URL: `${closed.url}/v1`,
      OPENAI_MAX_RETRIES: '0',
    });
    const turn = await startTurn(server, 'my secret question');
    expectCleanFailure(await turn.done(), logs, /^cannot reach the model endpoint: .*ECONNREFUSED/);
  });
});

describe('openai agent: cancel', () => {
  const cancel = 'mutation($id: ID!) { cancelChat(turnId: $id) }';

  it('aborts the HTTP request mid-stream and keeps the partial reply', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i} `);
    fake().script({ stream: textAnswer(words), delayMs: 50 });
    const { server } = await start();
    const turn = await startTurn(server, 'tell me a long story');
    await vi.waitFor(() => expect(tokens(turn.events()).length).toBeGreaterThanOrEqual(3), {
      timeout: 5000,
      interval: 5,
    });
    expect((await server.gql<any>(cancel, { id: turn.turnId })).data).toEqual({ cancelChat: true });
    const cancelledAt = Date.now();

    const done = await turn.done();
    expect(done).toMatchObject({ status: 'CANCELLED', error: null });
    // The fake saw the request go away long before its 2 s stream would have ended.
    await fake().requests[0]!.closed;
    expect(fake().requests[0]!.aborted).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan(1000);

    const received = tokens(turn.events()).join('');
    expect(received.length).toBeGreaterThan(0);
    expect(words.join('').startsWith(received)).toBe(true);
    expect(received.length).toBeLessThan(words.join('').length);
    expect(done.reply).toBe(received);
    expect(await lastMessage(server, turn.sessionId)).toMatchObject({
      role: 'AGENT',
      content: received,
      status: 'CANCELLED',
    });
    expect(fake().requests).toHaveLength(1);
  });

  it('cancels at once during a retry backoff', async () => {
    fake().script({
      status: 429,
      body: errorBody('slow down', 'requests'),
      headers: { 'retry-after': '5' },
    });
    const { server } = await start();
    const turn = await startTurn(server, 'hello');
    await vi.waitFor(() => expect(fake().requests).toHaveLength(1), { timeout: 5000, interval: 5 });
    const cancelledAt = Date.now();
    expect((await server.gql<any>(cancel, { id: turn.turnId })).data).toEqual({ cancelChat: true });
    expect(await turn.done()).toMatchObject({ status: 'CANCELLED', reply: '' });
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
  });
});

describe('openai agent: configuration', () => {
  it('refuses to start with AGENT=openai and no OPENAI_BASE_URL or OPENAI_MODEL', async () => {
    expect(() => loadConfig({ AGENT: 'openai' })).toThrow(ConfigError);
    expect(() => loadConfig({ AGENT: 'openai' })).toThrow(/missing: OPENAI_BASE_URL, OPENAI_MODEL/);
    expect(() => loadConfig({ AGENT: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' })).toThrow(
      /AGENT=openai needs OPENAI_BASE_URL and OPENAI_MODEL; missing: OPENAI_MODEL \(/,
    );
    expect(() =>
      loadConfig({ AGENT: 'openai', OPENAI_MODEL: 'm', OPENAI_BASE_URL: 'not a url' }),
    ).toThrow(/OPENAI_BASE_URL: Invalid URL/);
    await expect(startServer({ AGENT: 'openai', OPENAI_MODEL: 'm' })).rejects.toThrow(ConfigError);
  });

  it('reads the OPENAI_* settings with their defaults', () => {
    expect(configFrom({ AGENT: 'local' }).openai).toBeNull();
    expect(
      configFrom({
        AGENT: 'openai',
        OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
        OPENAI_MODEL: 'qwen3',
      }).openai,
    ).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKey: undefined,
      model: 'qwen3',
      maxToolSteps: 8,
      contextMessages: 20,
      systemPrompt: undefined,
      timeoutMs: 60000,
      maxRetries: 2,
    });
  });
});
