/**
 * SIGTERM on a real child process: running turns finish within SHUTDOWN_GRACE_MS (or
 * are cancelled once it is over), their DoneEvents are stored, subscribers see them,
 * WebSockets close with 1001, and the process exits 0 in time. Plus the start-up
 * refusal of single-user mode on a non-loopback address, and new work refused while
 * an in-process server drains.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MongoStore } from '../src/store/mongo.js';
import { type ChildServer, startChildServer } from './support/child-server.js';
import { useTestDatabase } from './support/mongo.js';
import { type EventsData, SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { collect, disposeAll, listenersReady, startChatAt, startServer } from './support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await disposeAll();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ROOT = new URL('../', import.meta.url).pathname;
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

async function setUp(label: string, env: Record<string, string>) {
  const db = await useTestDatabase(label);
  cleanups.push(db.drop);
  const store = await MongoStore.connect({ uri: db.uri, dbName: db.dbName });
  cleanups.push(() => store.close());
  const child = await startChildServer({ MONGODB_URI: db.uri, MONGODB_DB: db.dbName, ...env });
  cleanups.push(async () => void child.process.kill('SIGKILL'));
  return { store, child };
}

/** A graphql-ws client that records the close code the server sent. */
function watchingClient(child: ChildServer): { client: Client; closeCode: Promise<number> } {
  let closed: (code: number) => void = () => {};
  const closeCode = new Promise<number>((resolve) => {
    closed = resolve;
  });
  const client = createClient({
    url: `${child.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // the close is expected; `closed` records it
    on: { closed: (event) => closed((event as { code: number }).code) },
  });
  cleanups.push(async () => void (await client.dispose()));
  return { client, closeCode };
}

/**
 * A request whose head is sent up to its last line: the connection is busy (not idle),
 * so it survives server.close(); finish() completes it and returns the raw response.
 */
function halfSentRequest(base: string, requestLine: string) {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  let response = '';
  socket.on('data', (chunk) => {
    response += chunk;
  });
  const ended = new Promise((resolve) => socket.on('close', resolve));
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve())).then(
    () =>
      new Promise<void>((resolve) =>
        socket.write(`${requestLine}\r\nHost: x\r\nContent-Type: application/json\r\n`, () =>
          resolve(),
        ),
      ),
  );
  return {
    opened,
    async finish(): Promise<string> {
      const body = requestLine.startsWith('POST') ? '{"query":"{ __typename }"}' : '';
      socket.write(`Content-Length: ${body.length}\r\n\r\n${body}`);
      await ended;
      return response;
    },
  };
}

const isDone = (item: { data?: EventsData | null }) =>
  item.data?.sessionEvents.__typename === 'DoneEvent';

describe('SIGTERM during a running turn', () => {
  it('lets the turn finish within the grace period, then exits 0; subscribers see it end, then 1001', async () => {
    const { store, child } = await setUp('shutdown_finish', {
      LOCAL_AGENT_TOKEN_DELAY_MS: '40',
      SHUTDOWN_GRACE_MS: '8000',
    });
    const sessionId = crypto.randomUUID();
    const { client, closeCode } = watchingClient(child);
    const events = collect<EventsData>(client, SESSION_EVENTS, { sessionId }, isDone);
    const content = words(30); // about 1.3 s of tokens
    await startChatAt(child.url, sessionId, content);
    await expect.poll(() => events.results.length, { timeout: 5000 }).toBeGreaterThan(3);

    const signalled = performance.now();
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(8000);

    const seen = (await events.done).map((r) => r.data!.sessionEvents);
    expect(seen.at(-1)).toMatchObject({
      __typename: 'DoneEvent',
      status: 'COMPLETED',
      reply: `You said: ${content}`,
    });
    expect(await closeCode).toBe(1001);
    const stored = await store.readEvents(sessionId, 0, 1000);
    expect(stored.at(-1)).toMatchObject({ type: 'done', status: 'COMPLETED' });
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    expect(await store.getSession(sessionId)).toMatchObject({ lease: null, messageCount: 2 });
    expect(
      child.lines.some((l) => l.includes('"msg":"turns drained"') && l.includes('"cancelled":0')),
    ).toBe(true);
  });

  it('cancels a turn still running when the grace period ends: DoneEvent CANCELLED stored, exit 0', async () => {
    const graceMs = 600;
    const { store, child } = await setUp('shutdown_cancel', {
      LOCAL_AGENT_TOKEN_DELAY_MS: '50',
      SHUTDOWN_GRACE_MS: String(graceMs),
    });
    const sessionId = crypto.randomUUID();
    const { client, closeCode } = watchingClient(child);
    const events = collect<EventsData>(client, SESSION_EVENTS, { sessionId }, isDone);
    const turnId = await startChatAt(child.url, sessionId, words(200)); // about 10 s of tokens
    await expect.poll(() => events.results.length, { timeout: 5000 }).toBeGreaterThan(3);

    const signalled = performance.now();
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(graceMs + 3000);

    expect((await events.done).at(-1)!.data!.sessionEvents).toMatchObject({
      __typename: 'DoneEvent',
      status: 'CANCELLED',
    });
    expect(await closeCode).toBe(1001);
    const stored = await store.readEvents(sessionId, 0, 1000);
    expect(stored.at(-1)).toMatchObject({ type: 'done', turnId, status: 'CANCELLED', error: null });
    expect(stored.filter((e) => e.type === 'done')).toHaveLength(1);
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    const messages = await store.messages.list(sessionId, { limit: 10 });
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ['USER', null],
      ['AGENT', 'CANCELLED'],
    ]);
    expect(await store.getSession(sessionId)).toMatchObject({ lease: null });
  });
  it('exits at once, with 1, on a second signal', async () => {
    const child = await startChildServer({
      LOCAL_AGENT_TOKEN_DELAY_MS: '50',
      SHUTDOWN_GRACE_MS: '30000',
    });
    cleanups.push(async () => void child.process.kill('SIGKILL'));
    await startChatAt(child.url, crypto.randomUUID(), words(200));
    child.process.kill('SIGTERM');
    await expect
      .poll(() => child.lines.some((l) => l.includes('"msg":"shutting down"')))
      .toBe(true);
    const signalled = performance.now();
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(1);
    expect(performance.now() - signalled).toBeLessThan(2000);
  });
});

describe('while an in-process server drains', () => {
  it('refuses new requests, operations and turns, and says so in /ready', async () => {
    const server = await startServer({
      LOCAL_AGENT_TOKEN_DELAY_MS: '50',
      SHUTDOWN_GRACE_MS: '1500',
    });
    const sessionId = crypto.randomUUID();
    const client = server.wsClient();
    const events = collect<EventsData>(client, SESSION_EVENTS, { sessionId }, isDone);
    await listenersReady(server.app, 1);
    await server.gql(START_CHAT, { input: { sessionId, content: words(10) } });

    // Requests that arrive on a connection already open: refused (503), /ready says why.
    const lateReady = halfSentRequest(server.url, 'GET /ready HTTP/1.1');
    const lateChat = halfSentRequest(server.url, 'POST /graphql HTTP/1.1');
    await Promise.all([lateReady.opened, lateChat.opened]);
    // The server must have read the partial heads (until then the connections look idle,
    // and server.close() would drop them). A request sent after them, answered, shows it:
    // the event loop that answered it had already read what was written before it.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const stopped = server.app.stop();
    expect(server.app.services.runner.draining).toBe(true);
    const responses = Promise.all([lateReady.finish(), lateChat.finish()]);

    // WebSocket operations too (collect until complete: unsubscribing on the only
    // result races graphql-ws's own completion and closes the shared socket).
    const refused = await collect<any>(client, START_CHAT, { input: { content: 'late' } }).done;
    expect(refused[0]?.errors?.[0]?.extensions?.code).toBe('SHUTTING_DOWN');
    await expect(
      server.app.services.runner.start({ userId: 'default', content: 'late' }),
    ).rejects.toThrow(/shutting down/);

    const [ready, chat] = await responses;
    expect(ready).toMatch(/^HTTP\/1\.1 503/);
    expect(ready).toContain('"reason":"shutting down"');
    expect(chat).toMatch(/^HTTP\/1\.1 503/);
    expect(chat).toMatch(/^connection: close\r$/im);
    // The turn that was running finishes, and its subscriber sees it.
    expect((await events.done).at(-1)!.data!.sessionEvents).toMatchObject({ status: 'COMPLETED' });
    await stopped;
  });
});

it('refuses to start single-user mode on 0.0.0.0: exits non-zero and says why', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '0.0.0.0', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(output).toContain('refusing to start');
  expect(output).toContain('HOST=0.0.0.0');
  expect(output).toMatch(/AUTH_TOKENS, JWT_SECRET or JWT_JWKS_URL/);
  expect(output).not.toContain('Parley listening');
});
