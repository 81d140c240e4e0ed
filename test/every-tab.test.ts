/**
 * Issue 15, part 2: every tab sees the whole turn. A turn's first event is
 * TurnStartedEvent with the user's message as stored, so a subscriber that did not send
 * shows the message before the reply; a subscription made before its session exists
 * waits for it; untilDone ends a subscription after the DoneEvent it delivers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from './support/mongo.js';
import { SEND_CHAT, SESSION, START_CHAT } from './support/operations.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';

const EVENTS = /* GraphQL */ `
  subscription Events($sessionId: ID!, $afterSeq: Int, $untilDone: Boolean) {
    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq, untilDone: $untilDone) {
      __typename
      ... on TurnEvent { seq turnId at }
      ... on TurnStartedEvent { userMessage { id role content createdAt turnId } }
      ... on DoneEvent { status }
    }
  }
`;

type Event = Record<string, any>;
interface EventsData {
  sessionEvents: Event;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await disposeAll();
  for (const cleanup of cleanups) await cleanup();
});

/** Settles with `promise`, or fails after `ms` saying what did not happen. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const isDone = (r: { data?: EventsData | null }) =>
  r.data?.sessionEvents.__typename === 'DoneEvent';
const eventsOf = (results: { data?: EventsData | null }[]) =>
  results.map((r) => r.data!.sessionEvents);

const cases = [
  ['memory', 'true'],
  ['memory', 'false'],
  ['mongo', 'true'],
] as const;

describe.each(cases)('every tab sees the whole turn (%s store, WS_FAST_PATH=%s)', (kind, fast) => {
  const env = async (): Promise<Record<string, string>> => {
    if (kind === 'memory') return { WS_FAST_PATH: fast };
    const db = await useTestDatabase('every_tab');
    cleanups.push(db.drop);
    return { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, WS_FAST_PATH: fast };
  };

  it('a subscriber that did not send sees the user message first, then the turn in order', async () => {
    const server = await startServer(await env());
    const sessionId = crypto.randomUUID();
    // Both subscribe before the session exists: they wait for it.
    const tabs = [server.wsClient(), server.wsClient()].map((client) =>
      collect<EventsData>(client, EVENTS, { sessionId }, isDone),
    );
    await listenersReady(server.app, 2, sessionId);
    const content = 'what is 2+3*4?';
    const sent = await server.gql<any>(SEND_CHAT, { input: { sessionId, content } });
    expect(sent.data!.sendChat.status).toBe('COMPLETED');

    const stored = await server.gql<any>(SESSION, { id: sessionId });
    const userMessage = stored.data!.session.messages.edges[0].node;
    for (const tab of tabs) {
      const events = eventsOf(await within(tab.done, 10_000, 'the DoneEvent'));
      expect(events[0]).toMatchObject({
        __typename: 'TurnStartedEvent',
        seq: 1,
        turnId: sent.data!.sendChat.id,
        userMessage: { id: userMessage.id, role: 'USER', content, turnId: sent.data!.sendChat.id },
      });
      expect(Number.isNaN(Date.parse(events[0]!.userMessage.createdAt))).toBe(false);
      expect(events[1]!.__typename).toBe('ReasoningEvent');
      expect(events.at(-1)).toMatchObject({ __typename: 'DoneEvent', status: 'COMPLETED' });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    }

    // Replayed from the log later, the message is the same.
    const replay = collect<EventsData>(
      server.wsClient(),
      EVENTS,
      { sessionId, afterSeq: 0 },
      isDone,
    );
    const [first] = eventsOf(await within(replay.done, 10_000, 'the replayed DoneEvent'));
    expect(first).toMatchObject({ __typename: 'TurnStartedEvent', userMessage: { content } });
  });

  it('untilDone completes after the DoneEvent of the turn it follows; without it the stream stays open', async () => {
    const server = await startServer(await env());
    const sessionId = crypto.randomUUID();
    await server.gql(SEND_CHAT, { input: { sessionId, content: 'hello' } });
    const started = await server.gql<any>(START_CHAT, { input: { sessionId, content: 'again' } });
    const { id: turnId, firstSeq } = started.data!.startChat;

    // Never unsubscribed by the client (no `until`): only the server's complete ends it.
    const oneTurn = collect<EventsData>(server.wsClient(), EVENTS, {
      sessionId,
      afterSeq: firstSeq - 1,
      untilDone: true,
    });
    const staying = collect<EventsData>(
      server.wsClient(),
      EVENTS,
      { sessionId, afterSeq: firstSeq - 1 },
      (_item, all) => all.filter(isDone).length === 2,
    );
    const followed = eventsOf(await within(oneTurn.done, 10_000, 'untilDone completing'));
    expect(followed[0]).toMatchObject({ __typename: 'TurnStartedEvent', seq: firstSeq, turnId });
    expect(followed.at(-1)).toMatchObject({ __typename: 'DoneEvent', turnId });
    expect(followed.every((e) => e.turnId === turnId)).toBe(true);

    const next = await server.gql<any>(SEND_CHAT, { input: { sessionId, content: 'third' } });
    const stayed = eventsOf(await within(staying.done, 10_000, 'the next turn on the open stream'));
    const nextTurn = stayed.filter((e) => e.turnId === next.data!.sendChat.id);
    expect(nextTurn[0]).toMatchObject({
      __typename: 'TurnStartedEvent',
      userMessage: { content: 'third' },
    });
    // The completed one got nothing of the next turn.
    expect(oneTurn.results).toHaveLength(followed.length);
  });
});
