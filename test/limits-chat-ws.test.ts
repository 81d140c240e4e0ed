/**
 * Limits on what one user or connection may do, against real servers: chats per user
 * per minute (in memory, across instances with Redis, Redis down), operations per
 * WebSocket, the connection_init wait, and protocol misuse closed as the client's.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChatRateLimiter } from '../src/services/chat-rate-limiter.js';
import { SEND_CHAT, SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { redisUrl } from './support/redis.js';
import { collect, disposeAll, listenersReady, post, startServer } from './support/server.js';

afterAll(disposeAll);

describe('chats per user per minute', () => {
  const TOKENS = { alice: 'tok-alice-0123456789', bob: 'tok-bob-0123456789' };
  const env = {
    AUTH_TOKENS: `${TOKENS.alice}=alice,${TOKENS.bob}=bob`,
    RATE_LIMIT_CHATS_PER_MINUTE: '3',
  };
  const as = (user: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[user]}` });
  const chat = (url: string, user: keyof typeof TOKENS, query = START_CHAT) =>
    post(url, { query, variables: { input: { content: 'hello' } } }, as(user));

  it('refuses the next chat with RATE_LIMITED and retryAfterMs, stores nothing, and counts per user', async () => {
    const s = await startServer(env);
    // sendChat and startChat draw on one budget.
    for (const op of [START_CHAT, SEND_CHAT, START_CHAT]) {
      expect((await chat(s.url, 'alice', op)).body.errors).toBeUndefined();
    }
    const refused = await chat(s.url, 'alice', SEND_CHAT);
    expect(refused.body.data).toBeNull();
    const error = refused.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3 });
    expect(error.extensions.retryAfterMs).toBeGreaterThan(0);
    expect(error.extensions.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await s.app.services.store.countSessions({ userId: 'alice' })).toBe(3);
    // Bob has a budget of his own.
    expect((await chat(s.url, 'bob')).body.data.startChat.id).toEqual(expect.any(String));
  });

  it('holds across instances sharing Redis', async () => {
    const shared = { ...env, REDIS_URL: await redisUrl(), MONGODB_DB: `limits-${randomUUID()}` };
    const [a, b] = [await startServer(shared), await startServer(shared)];
    for (const url of [a.url, b.url, a.url])
      expect((await chat(url, 'alice')).body.errors).toBeUndefined();
    expect((await chat(b.url, 'alice')).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await chat(b.url, 'bob')).body.errors).toBeUndefined();
  });

  it('counts in memory while Redis is unreachable instead of refusing every chat', async () => {
    // Nothing listens there; the options of the instance's own connections (redis.ts).
    const redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    // Refused: in the server its owner (services/redis.ts) listens for the errors.
    redis.on('error', () => undefined);
    redis.connect().catch(() => undefined);
    const limiter = createChatRateLimiter({ chatsPerMinute: 2, redis, namespace: 'down' });
    expect(await limiter.consume('carol')).toBeUndefined();
    expect(await limiter.consume('carol')).toBeUndefined();
    expect(await limiter.consume('carol')).toMatchObject({
      limit: 2,
      retryAfterMs: expect.any(Number),
    });
    redis.disconnect();
  });
});

describe('WebSocket limits', () => {
  it('refuses an operation beyond WS_MAX_SUBSCRIPTIONS on one socket; the others keep running', async () => {
    const s = await startServer({ WS_MAX_SUBSCRIPTIONS: '2' });
    const client = s.wsClient();
    const live = ['s-1', 's-2'].map((sessionId) => collect(client, SESSION_EVENTS, { sessionId }));
    await listenersReady(s.app, 2);
    const extra = await collect(client, SESSION_EVENTS, { sessionId: 's-3' }).done.catch((e) => e);
    expect(extra[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 2 } });
    expect(extra[0].message).toMatch(/at most 2 operations/);
    // The socket is fine: once one completes, there is room again.
    live[0]!.unsubscribe();
    const next = collect(client, SESSION_EVENTS, { sessionId: 's-4' });
    await listenersReady(s.app, 1, 's-4');
    next.unsubscribe();
    live[1]!.unsubscribe();
  });

  it('closes a socket that sends a server-only message with 4400, not 4500 (found by fuzzing)', async () => {
    const s = await startServer();
    const ws = new WebSocket(s.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_ack' }));
    expect(await new Promise<number>((resolve) => ws.on('close', resolve))).toBe(4400);
  });

  it('closes a socket that never sends connection_init with 4408 after WS_INIT_TIMEOUT_MS', async () => {
    const s = await startServer({ WS_INIT_TIMEOUT_MS: '300' });
    const started = Date.now();
    const ws = new WebSocket(s.wsUrl, 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => ws.on('close', resolve));
    expect(code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
