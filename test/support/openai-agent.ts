/**
 * Shared by the `openai` agent tests: a fresh FakeOpenAI for every test, servers whose
 * agent talks to it, and a turn's events read over the WebSocket.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect } from 'vitest';
import type { BuildOptions } from '../../src/app.js';
import { FakeOpenAI } from './fake-openai.js';
import {
  type EventItem,
  type EventsData,
  SEND_CHAT,
  SESSION,
  SESSION_EVENTS,
} from './operations.js';
import { collect, disposeAll, startServer, type TestServer } from './server.js';

/** The API key the servers send to the fake; the tests check that it never leaks. */
export const SECRET = 'sk-test-secret';

/**
 * Starts a FakeOpenAI before each test of the file; after it, disposes every test
 * server and client, then closes the fake. `fake()` is the current test's fake;
 * `start` starts a server with AGENT=openai against it (model `test-model`, key
 * SECRET), `env` added or overriding.
 */
export function useFakeOpenAI() {
  let current: FakeOpenAI | undefined;
  beforeEach(async () => {
    current = await FakeOpenAI.start();
  });
  afterEach(async () => {
    await disposeAll();
    await current!.close();
  });
  const fake = () => current!;
  const start = (env: Record<string, string> = {}, options?: BuildOptions): Promise<TestServer> =>
    startServer(
      {
        AGENT: 'openai',
        OPENAI_BASE_URL: `${fake().url}/v1`,
        OPENAI_MODEL: 'test-model',
        OPENAI_API_KEY: SECRET,
        ...env,
      },
      options,
    );
  return { fake, start };
}

export const isDone = (item: { data?: EventsData | null }) =>
  item.data?.sessionEvents.__typename === 'DoneEvent';

/** Last event seq seen per session: the next turn's subscription resumes after it. */
const lastSeq = new Map<string, number>();

/** Sends one message and returns the sendChat result and the turn's events. */
export async function turn(server: TestServer, content: string, sessionId: string = randomUUID()) {
  // Resuming from a seq replays what was stored meanwhile, so no event of the turn is
  // missed however late the subscription goes live.
  const afterSeq = lastSeq.get(sessionId) ?? 0;
  const sub = collect<EventsData>(
    server.wsClient(),
    SESSION_EVENTS,
    { sessionId, afterSeq },
    isDone,
  );
  const sent = await server.gql<{ sendChat: any }>(SEND_CHAT, { input: { sessionId, content } });
  expect(sent.errors).toBeUndefined();
  const events = (await sub.done).map((r) => r.data!.sessionEvents);
  lastSeq.set(sessionId, events.at(-1)!.seq);
  return { sessionId, result: sent.data!.sendChat, events, kinds: kinds(events) };
}

export const kinds = (events: EventItem[]) => events.map((e) => e.__typename).join(' ');
export const tokens = (events: EventItem[]) =>
  events.filter((e) => e.__typename === 'TokenEvent').map((e) => e.content as string);
export const ofType = (events: EventItem[], type: string) =>
  events.filter((e) => e.__typename === type);

export async function storedSession(server: TestServer, id: string) {
  const stored = await server.gql<{ session: any }>(SESSION, { id });
  expect(stored.errors).toBeUndefined();
  return stored.data!.session;
}
