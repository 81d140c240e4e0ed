/**
 * Issue 11, case 10: a reader whose socket stops reading (its TCP socket paused, so the
 * kernel's buffers fill) while a turn streams 2,000 or 12,000 events is told why it is
 * cut, SUBSCRIBER_LAGGED with the last seq it got, then a close 1013 whose reason
 * carries that seq, instead of a bare 1006; what the server sent it stays under
 * WS_MAX_UNREAD_BYTES; it resumes from that seq without a gap or a duplicate.
 * Before the fix: 1006 and no reason, after 2,000 of 2,000 and 4,679 of 12,000 events.
 * FerretDB and real Redis.
 */
import type { Socket } from 'node:net';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestDatabase } from './support/mongo.js';
import { type EventsData, SEND_CHAT, SESSION_EVENTS } from './support/operations.js';
import { openRawWs } from './support/raw-ws.js';
import { redisUrl } from './support/redis.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';

const drops: (() => Promise<void>)[] = [];
afterEach(disposeAll);
afterAll(async () => {
  for (const drop of drops.splice(0)) await drop();
});

/** The default: what a peer may leave unread before the server waits for it. */
const MAX_UNREAD = 1024 * 1024;

/** A graphql-transport-ws client by hand, whose TCP socket can stop reading. */
async function rawSubscriber(wsUrl: string, sessionId: string) {
  const raw = await openRawWs(wsUrl);
  let bytes = 0;
  raw.ws.on('message', (data) => {
    bytes += String(data).length;
  });
  raw.subscribe('lag', SESSION_EVENTS, { sessionId });
  const tcp = (raw.ws as unknown as { _socket: Socket })._socket;
  return { ...raw, tcp, received: () => bytes };
}

// 2,000 events fit in MAX_UNREAD: the keep-alive ping it does not answer finds it out.
// 12,000 do not: the server stops sending at MAX_UNREAD and the stall period decides.
describe.each([
  { total: 2_000, keepAliveMs: '1000' },
  { total: 12_000, keepAliveMs: undefined },
])('a reader paused while $total events stream', ({ total, keepAliveMs }) => {
  it('gets SUBSCRIBER_LAGGED with the last seq it got, a 1013 saying so, and resumes from it', async () => {
    const db = await useTestDatabase('laggard');
    drops.push(db.drop);
    const s = await startServer({
      MONGODB_URI: db.uri,
      MONGODB_DB: db.dbName,
      REDIS_URL: await redisUrl(),
      SUBSCRIPTION_BUFFER: '100',
      SUBSCRIPTION_STALL_MS: '500',
      WS_KEEPALIVE_MS: keepAliveMs,
    });
    const sessionId = crypto.randomUUID();
    const slow = await rawSubscriber(s.wsUrl, sessionId);
    let readerSeq = 0;
    let readerGaps = 0;
    const reader = collect<EventsData>(s.wsClient(), SESSION_EVENTS, { sessionId }, (r) => {
      const event = r.data!.sessionEvents;
      if (event.seq !== readerSeq + 1) readerGaps++;
      readerSeq = event.seq;
      return event.__typename === 'DoneEvent';
    });
    await listenersReady(s.app, 2, sessionId);
    slow.tcp.pause(); // the raw TCP socket stops reading

    // TurnStarted, reasoning, "You ", "said: ", one token per word, usage, done.
    const content = `${'x '.repeat(total - 7)}x`;
    const sent = await s.gql<any>(SEND_CHAT, { input: { sessionId, content } });
    expect(sent.data!.sendChat.status).toBe('COMPLETED');
    // A reader that reads got everything meanwhile.
    await reader.done;
    expect({ readerSeq, readerGaps }).toEqual({ readerSeq: total, readerGaps: 0 });
    // The server has given up on the paused one while it is still paused.
    await expect
      .poll(() => s.app.services.bus.listenerCount(sessionId), { timeout: 10_000 })
      .toBe(0);

    slow.tcp.resume();
    const { code, reason } = await slow.closed;
    const nexts = slow.messages.filter((m) => m.type === 'next');
    const events = nexts.filter((m) => m.payload.data).map((m) => m.payload.data.sessionEvents);
    const seqs = events.map((e) => e.seq);
    const lastSeq = seqs.at(-1);
    console.log(
      `${total} events, paused reader: ${seqs.length} events (${(slow.received() / 1024).toFixed(0)} KiB), then close ${code} "${reason}"`,
    );
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // What it got, then why it was cut, then complete, then the close: never a bare 1006.
    expect(slow.messages.slice(-2)).toMatchObject([
      {
        id: 'lag',
        type: 'next',
        payload: { errors: [{ extensions: { code: 'SUBSCRIBER_LAGGED', lastSeq } }] },
      },
      { id: 'lag', type: 'complete' },
    ]);
    expect({ code, reason }).toEqual({
      code: 1013,
      reason: `SUBSCRIBER_LAGGED lastSeq=${lastSeq}`,
    });
    // Bounded: what the server sent while it was not read (bar the notice).
    expect(slow.received()).toBeLessThan(MAX_UNREAD + 16 * 1024);
    if (!keepAliveMs) {
      // Cut where the server stopped sending: near MAX_UNREAD, well before the end.
      expect(slow.received()).toBeGreaterThan(MAX_UNREAD);
      expect(lastSeq).toBeLessThan(total);
    }

    // Resuming on a new connection with afterSeq = lastSeq: the rest, once each, in order.
    // (When the turn was over before the keep-alive found the reader out, it had every
    // event by then, the DoneEvent included, and nothing is left to resume.)
    const resume = () =>
      collect<EventsData>(
        s.wsClient(),
        SESSION_EVENTS,
        { sessionId, afterSeq: lastSeq },
        (r) => r.data?.sessionEvents.__typename === 'DoneEvent',
      ).done;
    const rest = (lastSeq < total ? await resume() : []).map((r) => r.data!.sessionEvents);
    const all = [...events, ...rest];
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)).toMatchObject({ __typename: 'DoneEvent', seq: total, status: 'COMPLETED' });
  }, 120_000);
});

it('a graphql-ws client with two subscriptions on one paused connection: each learns its own lastSeq, both resume', async () => {
  const total = 12_000;
  const s = await startServer({ SUBSCRIPTION_BUFFER: '100', SUBSCRIPTION_STALL_MS: '500' });
  let socket: WebSocket | undefined;
  let closedWith: { code: number; reason: string } | undefined;
  const client = createClient({
    url: s.wsUrl,
    webSocketImpl: WebSocket,
    // 1013 is one graphql-ws retries after: a resume sent on the closing connection is
    // sent again on the next one.
    retryAttempts: 3,
    retryWait: async () => {},
    on: {
      opened: (ws) => {
        socket ??= ws as WebSocket;
      },
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closedWith ??= { code, reason };
      },
    },
  });
  try {
    const sessionId = crypto.randomUUID();
    const subscriptions = [0, 1].map(() =>
      collect<EventsData>(client, SESSION_EVENTS, { sessionId }),
    );
    await listenersReady(s.app, 2, sessionId);
    (socket as unknown as { _socket: Socket })._socket.pause();
    const content = `${'x '.repeat(total - 7)}x`;
    const sent = await s.gql<any>(SEND_CHAT, { input: { sessionId, content } });
    expect(sent.data!.sendChat.status).toBe('COMPLETED');
    await expect
      .poll(() => s.app.services.bus.listenerCount(sessionId), { timeout: 10_000 })
      .toBe(0);
    (socket as unknown as { _socket: Socket })._socket.resume();

    for (const subscription of subscriptions) {
      // Completed (not errored) by the client: a `next` with the error, then `complete`.
      const results = await subscription.done;
      const events = results.slice(0, -1).map((r) => r.data!.sessionEvents);
      const lastSeq = events.at(-1)!.seq;
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(results.at(-1)!.errors![0]!.extensions).toMatchObject({
        code: 'SUBSCRIBER_LAGGED',
        lastSeq,
      });
      // The same client resumes it (on a new connection: graphql-ws reconnects lazily).
      const rest = (
        await collect<EventsData>(
          client,
          SESSION_EVENTS,
          { sessionId, afterSeq: lastSeq },
          (r) => r.data?.sessionEvents.__typename === 'DoneEvent',
        ).done
      ).map((r) => r.data!.sessionEvents);
      const all = [...events, ...rest];
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      expect(all.at(-1)).toMatchObject({ __typename: 'DoneEvent', seq: total });
    }
    // Two subscriptions: the reason names the code; each error carries its own seq.
    expect(closedWith).toEqual({ code: 1013, reason: 'SUBSCRIBER_LAGGED' });
  } finally {
    await client.dispose();
  }
}, 60_000);
