/**
 * Subscriptions over Server-Sent Events with real clients: the graphql-sse client in
 * single-connection mode (served by @graphql-yoga/plugin-graphql-sse at /graphql/stream)
 * and in distinct-connections mode (at /graphql/stream and at Yoga's own /graphql), and a
 * raw GET with `accept: text/event-stream` against Yoga's built-in SSE.
 */
import { createClient } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EventItem,
  type EventsData,
  SEND_CHAT,
  SESSION_EVENTS,
} from './support/operations.js';
import { disposeAll, listenersReady, startServer, type TestServer } from './support/server.js';

afterEach(disposeAll);

/** A whole calculator turn: Reasoning first, Done last, seq 1..N without gaps. */
function expectWholeTurn(events: EventItem[], sessionId: string, turnId: string) {
  const kinds = events.map((e) => e.__typename).join(' ');
  expect(kinds).toMatch(
    /^TurnStartedEvent ReasoningEvent ToolStartEvent( ToolProgressEvent)+ ToolEndEvent( TokenEvent){2,} UsageEvent DoneEvent$/,
  );
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.every((e) => e.sessionId === sessionId && e.turnId === turnId)).toBe(true);
  expect(events.at(-1)).toMatchObject({
    status: 'COMPLETED',
    reply: expect.stringContaining('14'),
  });
}

async function sendCalculatorTurn(server: TestServer, sessionId: string): Promise<string> {
  const sent = await server.gql<{ sendChat: { id: string } }>(SEND_CHAT, {
    input: { sessionId, content: 'what is 2+3*4?' },
  });
  expect(sent.errors).toBeUndefined();
  return sent.data!.sendChat.id;
}

describe.each([
  { mode: 'single connection', path: '/graphql/stream', singleConnection: true },
  { mode: 'distinct connections', path: '/graphql/stream', singleConnection: false },
  { mode: 'distinct connections', path: '/graphql', singleConnection: false },
])('graphql-sse client, $mode mode, at $path', ({ path, singleConnection }) => {
  it('receives a whole turn in order', async () => {
    const server = await startServer();
    const client = createClient({
      url: `${server.url}${path}`,
      singleConnection,
      retryAttempts: 0,
    });
    const sessionId = crypto.randomUUID();
    const events: EventItem[] = [];
    let unsubscribe = () => {};
    const done = new Promise<void>((resolve, reject) => {
      unsubscribe = client.subscribe<EventsData>(
        { query: SESSION_EVENTS, variables: { sessionId } },
        {
          next: (result) => {
            if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
            events.push(result.data!.sessionEvents);
            if (result.data!.sessionEvents.__typename === 'DoneEvent') resolve();
          },
          error: reject,
          complete: () => reject(new Error('completed before the DoneEvent')),
        },
      );
    });
    try {
      await listenersReady(server.app, 1);
      const turnId = await sendCalculatorTurn(server, sessionId);
      await done;
      expectWholeTurn(events, sessionId, turnId);
    } finally {
      unsubscribe();
      client.dispose();
    }
  });
});

describe("Yoga's built-in SSE", () => {
  it('streams events to a plain GET with accept: text/event-stream', async () => {
    const server = await startServer();
    const sessionId = crypto.randomUUID();
    const params = new URLSearchParams({
      query: SESSION_EVENTS,
      variables: JSON.stringify({ sessionId }),
    });
    const abort = new AbortController();
    const res = await fetch(`${server.url}/graphql?${params}`, {
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await listenersReady(server.app, 1);
    const turnId = await sendCalculatorTurn(server, sessionId);

    // SSE frames are separated by a blank line; a `next` frame's data is one result.
    const events: EventItem[] = [];
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      while (events.at(-1)?.__typename !== 'DoneEvent') {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended before the DoneEvent');
        buffer += value;
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          if (!frame.startsWith('event: next')) continue;
          const data = frame.split('\n').find((line) => line.startsWith('data: '))!;
          events.push(JSON.parse(data.slice('data: '.length)).data.sessionEvents);
        }
      }
    } finally {
      abort.abort();
    }
    expectWholeTurn(events, sessionId, turnId);
  });
});
