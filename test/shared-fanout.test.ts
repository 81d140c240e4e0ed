/**
 * Fan-out executes a subscription's selection once per event and selection, and sends
 * every subscriber of it the same serialised payload (src/server/fanout/); with the fast
 * path off, the stock path delivers the same events. Raw `ws` sockets see the exact bytes the server sends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { disposeAll, listenersReady, startServer, type TestServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const SEQS_ONLY = /* GraphQL */ `
  subscription Seqs($sessionId: ID!) {
    sessionEvents(sessionId: $sessionId) { __typename ... on TurnEvent { seq } }
  }
`;

interface RawSubscriber {
  /** Every `next` message as sent, in order. */
  messages: string[];
  done: Promise<void>;
}

/** One graphql-transport-ws socket with one subscription, read until its DoneEvent. */
async function subscribeRaw(
  server: TestServer,
  id: string,
  query: string,
  sessionId: string,
): Promise<RawSubscriber> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const messages: string[] = [];
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  const done = new Promise<void>((resolve, reject) => {
    socket.on('message', (raw) => {
      const text = String(raw);
      const message = JSON.parse(text);
      if (message.type === 'connection_ack') {
        const payload = { query, variables: { sessionId } };
        socket.send(JSON.stringify({ id, type: 'subscribe', payload }));
      } else if (message.type === 'next') {
        messages.push(text);
        if (message.payload.data?.sessionEvents?.__typename === 'DoneEvent') resolve();
      } else {
        reject(new Error(`unexpected ${text}`));
      }
    });
  });
  done.finally(() => socket.close());
  return { messages, done };
}

async function executions(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('parley_subscription_event_executions_total '));
  return Number(line?.split(' ')[1]);
}

/** The message without its envelope: `{"id":…,"type":"next","payload":` + payload + `}`. */
function payloadText(message: string, id: string): string {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  expect(message.startsWith(head)).toBe(true);
  return message.slice(head.length, -1);
}

describe.each(storeVariants)('shared fan-out ($name store)', (variant) => {
  it('executes each event once per selection and sends the same payload text to all', async () => {
    const server = await startServer(await variant.env());
    const sessionId = `shared-${variant.name}`;
    // Ids a client may choose go into the envelope escaped: quotes, non-ASCII, JSON.
    const ids = ['1', 'with "quotes" and ü \u0000', '","type":"complete'];
    const same = await Promise.all(
      ids.map((id) => subscribeRaw(server, id, SESSION_EVENTS, sessionId)),
    );
    const other = await subscribeRaw(server, 'seqs', SEQS_ONLY, sessionId);
    await listenersReady(server.app, 4, sessionId);
    const before = await executions(server);

    const { data } = await server.gql<{ startChat: { firstSeq: number } }>(START_CHAT, {
      input: { sessionId, content: 'what is 6 * 7?' },
    });
    await Promise.all([...same, other].map((s) => s.done));

    const firstSeq = data!.startChat.firstSeq;
    const events = same[0]!.messages.map((m) => JSON.parse(m).payload.data.sessionEvents);
    expect(events.at(-1).__typename).toBe('DoneEvent');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => firstSeq + i));
    const texts = same.map((s, i) => s.messages.map((m) => payloadText(m, ids[i]!)));
    expect(texts[1]).toEqual(texts[0]);
    expect(texts[2]).toEqual(texts[0]);
    expect(texts[0]!.map((t) => JSON.parse(t).data.sessionEvents)).toEqual(events);
    expect(other.messages.map((m) => JSON.parse(m).payload.data.sessionEvents)).toEqual(
      events.map((e) => ({ __typename: e.__typename, seq: e.seq })),
    );
    // Two selections: two executions per event, however many subscribers each has.
    expect((await executions(server)) - before).toBe(2 * events.length);
  });

  it('with the fast path off (WS_FAST_PATH=false), executes per subscriber and sends every event', async () => {
    const server = await startServer({ ...(await variant.env()), WS_FAST_PATH: 'false' });
    const sessionId = `plain-${variant.name}`;
    const ids = ['a', 'b'];
    const subscribers = await Promise.all(
      ids.map((id) => subscribeRaw(server, id, SESSION_EVENTS, sessionId)),
    );
    await listenersReady(server.app, 2, sessionId);
    const before = await executions(server);

    const { data } = await server.gql<{ startChat: { firstSeq: number } }>(START_CHAT, {
      input: { sessionId, content: 'what is 6 * 7?' },
    });
    await Promise.all(subscribers.map((s) => s.done));

    const firstSeq = data!.startChat.firstSeq;
    const [a, b] = subscribers.map((s, i) =>
      s.messages.map((m) => JSON.parse(payloadText(m, ids[i]!)).data.sessionEvents),
    );
    expect(a!.at(-1).__typename).toBe('DoneEvent');
    expect(a!.map((e) => e.seq)).toEqual(a!.map((_, i) => firstSeq + i));
    expect(b).toEqual(a);
    // Nothing shared: graphql-js executed each event for each subscriber.
    expect((await executions(server)) - before).toBe(0);
  });
});
