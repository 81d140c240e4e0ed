/**
 * Logs never hold message content, reply text or credentials, at any level: every
 * line a server logs at `trace` during full turns over HTTP, WebSocket and SSE, with
 * a static token, a JWT, a ticket, bad requests and a failing store, is captured
 * and searched. Lines about a request carry its id.
 */
import { Writable } from 'node:stream';
import { createClient as createSseClient } from 'graphql-sse';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { createLogger, safeError, scrubMessage, yogaLogger } from '../src/observability/logger.js';
import { MemoryStore } from '../src/store/memory.js';
import type { NewMessage } from '../src/store/store.js';
import { type EventsData, SEND_CHAT, SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';

afterAll(disposeAll);

const TOKEN = 'tok-logs-secret-5f1e2d3c4b5a6978';
const JWT_SECRET = 'jwt-secret-for-the-log-test-0123456789';

/** Distinctive text with no digits (digits would make the local agent calculate). */
const letters = () =>
  Array.from({ length: 16 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join(
    '',
  );

/** A pino destination that keeps every line. */
function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

async function serverWithCapturedLogs(extra: Record<string, string> = {}, store?: MemoryStore) {
  const env = {
    LOG_LEVEL: 'trace',
    AUTH_TOKENS: `${TOKEN}=alice`,
    JWT_SECRET,
    LOCAL_AGENT_TOKEN_DELAY_MS: '0',
    ...extra,
  };
  const log = memoryLog();
  const logger = createLogger(configFrom({ LOG_LEVEL: 'trace' }), log.stream);
  const server = await startServer(env, { logger, ...(store ? { store } : {}) });
  return { server, log };
}

const isDone = (item: { data?: EventsData | null }) =>
  item.data?.sessionEvents.__typename === 'DoneEvent';

describe('captured logs of full turns', () => {
  it('hold no content, reply or credential, and carry request ids', async () => {
    const { server, log } = await serverWithCapturedLogs();
    const secret = `zanzibar${letters()}`;
    const auth = { authorization: `Bearer ${TOKEN}` };
    const jwt = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));

    // HTTP: a turn with a subscriber over WebSocket (static token in connectionParams).
    const sessionId = crypto.randomUUID();
    const ws = server.wsClient({ authorization: `Bearer ${TOKEN}` });
    const watched = collect<EventsData>(ws, SESSION_EVENTS, { sessionId }, isDone);
    await listenersReady(server.app, 1);
    const sent = await server.gql<any>(
      SEND_CHAT,
      { input: { sessionId, content: `${secret} http` } },
      { ...auth, 'x-request-id': 'req-http-1' },
    );
    const reply = sent.data.sendChat.reply as string;
    expect(reply).toContain(secret);
    await watched.done;

    // WebSocket: a ticket, then a turn started over the socket; a JWT over HTTP.
    const ticketRes = await server.gql<any>(
      'mutation { createChatTicket { ticket } }',
      {},
      { authorization: `Bearer ${jwt}` },
    );
    const ticket = ticketRes.data.createChatTicket.ticket as string;
    const byTicket = server.wsClient({ ticket });
    // The subscription keeps the (lazy) socket open for the mutation: a ticket works once.
    const replay = collect<EventsData>(
      byTicket,
      SESSION_EVENTS,
      { sessionId, afterSeq: 0 },
      (_i, all) => all.filter(isDone).length === 2,
    );
    const wsTurn = collect<any>(byTicket, START_CHAT, {
      input: { sessionId, content: `${secret} ws` },
    });
    expect((await wsTurn.done)[0]!.data.startChat.status).toBe('RUNNING');
    await replay.done;

    // SSE: a subscription with the token in the header.
    const sse = createSseClient({
      url: `${server.url}/graphql/stream`,
      headers: auth,
      retryAttempts: 0,
    });
    const sseEvents: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      sse.subscribe(
        { query: SESSION_EVENTS, variables: { sessionId, afterSeq: 0 } },
        {
          next: (item) => {
            sseEvents.push(item);
            if (sseEvents.length >= 3) resolve();
          },
          error: reject,
          complete: resolve,
        },
      );
    });
    sse.dispose();

    // Bad requests that quote what they got: a wrong token, a bad variable, bad JSON.
    await server.gql('{ sessions { totalCount } }', {}, { authorization: `Bearer ${TOKEN}-wrong` });
    await server.gql(SEND_CHAT, { input: { sessionId, content: 42, extra: secret } }, auth);
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: `{"query": "${secret}`,
    });
    await fetch(
      `${server.url}/graphql?query=${encodeURIComponent(`{ session(id: "${secret}") { id } }`)}`,
      { headers: auth },
    );

    await disposeAll();
    const text = log.lines.join('\n');
    expect(log.lines.length).toBeGreaterThan(20);
    for (const forbidden of [secret, reply, TOKEN, jwt, JWT_SECRET, ticket]) {
      expect(text).not.toContain(forbidden);
    }
    const entries = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // Every HTTP request gets a line with its id; a given id is kept.
    const requests = entries.filter((e) => e.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const line of requests) expect(line.reqId).toEqual(expect.any(String));
    expect(requests.find((e) => e.reqId === 'req-http-1')).toMatchObject({
      route: 'graphql',
      status: 200,
      operation: 'mutation',
    });
    // Yoga's own lines while it handles a request carry the request's id too.
    const yogaLines = entries.filter((e) => e.source === 'yoga' && e.reqId === 'req-http-1');
    expect(yogaLines.length).toBeGreaterThan(0);
    // WebSocket operations get ids of their own.
    const wsOps = entries.filter((e) => e.msg === 'websocket operation');
    expect(wsOps.length).toBeGreaterThanOrEqual(3);
    for (const line of wsOps) expect(line.reqId).toEqual(expect.any(String));
  });

  it('keep what a failing store carries out of error lines', async () => {
    const secret = `quokka${letters()}`;
    // Like a driver error: the offending document rides along as a property.
    class LeakyStore extends MemoryStore {
      override async appendMessage(message: NewMessage): Promise<never> {
        throw Object.assign(new Error(`write failed for "${message.content}"`), {
          op: message,
          code: 121,
        });
      }
    }
    const { server, log } = await serverWithCapturedLogs({}, new LeakyStore());
    const res = await server.gql<any>(
      SEND_CHAT,
      { input: { content: `${secret} fails` } },
      { authorization: `Bearer ${TOKEN}`, 'x-request-id': 'req-fail-1' },
    );
    expect(res.errors?.[0]?.message).toBe('Unexpected error.');
    await disposeAll();
    const text = log.lines.join('\n');
    expect(text).not.toContain(secret);
    const entries = log.lines.map((line) => JSON.parse(line) as Record<string, any>);
    const failed = entries.find((e) => e.msg === 'turn failed');
    expect(failed).toMatchObject({
      reqId: 'req-fail-1',
      err: expect.stringMatching(/^write failed for "\[redacted \d+ chars\]"$/),
    });
    const masked = entries.find((e) => e.source === 'yoga' && e.err);
    expect(masked).toMatchObject({
      level: 50,
      msg: 'unexpected error',
      reqId: 'req-fail-1',
      err: { type: 'GraphQLError', cause: { type: 'Error', code: 121 } },
    });
    expect(masked!.err.cause.op).toBeUndefined();
  });
});

describe('the safeguards on their own', () => {
  it('redact quoted input in error messages but keep ids and names', () => {
    expect(scrubMessage('Unexpected token \'h\', "hello there" is not valid JSON')).toBe(
      'Unexpected token \'h\', "[redacted 11 chars]" is not valid JSON',
    );
    expect(scrubMessage('dup key: { sessionId: "0b5e-4c1a", seq: 3 }')).toBe(
      'dup key: { sessionId: "0b5e-4c1a", seq: 3 }',
    );
    expect(scrubMessage('x'.repeat(2000)).length).toBeLessThan(600);
  });

  it('serialize errors without their enumerable payloads, causes included', () => {
    const cause = Object.assign(new Error('inner'), { document: { content: 'secret' } });
    const error = Object.assign(new Error('outer', { cause }), { code: 'E1', body: 'secret' });
    const safe = safeError(error) as Record<string, any>;
    expect(safe).toMatchObject({
      type: 'Error',
      message: 'outer',
      code: 'E1',
      cause: { message: 'inner' },
    });
    expect(JSON.stringify(safe)).not.toContain('secret');
  });

  it('the Yoga adapter drops objects (a request, its variables) at every level', () => {
    const log = memoryLog();
    const logger = createLogger({ logLevel: 'trace' }, log.stream);
    const yoga = yogaLogger(logger);
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      yoga[level]('Processing', { variables: { input: { content: 'secret-1' } } }, ['secret-2']);
    }
    logger.info({ content: 'secret-3', nested: { reply: 'secret-4', token: 'secret-5' } }, 'hi');
    expect(log.lines).toHaveLength(5);
    expect(log.lines.join('\n')).not.toMatch(/secret-/);
    expect(JSON.parse(log.lines[0]!)).toMatchObject({
      msg: 'Processing',
      omitted: 2,
      source: 'yoga',
    });
  });
});
