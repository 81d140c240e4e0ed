/**
 * Two Parley instances sharing one database and Redis: a subscriber on B follows a
 * turn running on A, and cancelChat on B stops a turn running on A.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { useTestDatabase } from './support/mongo.js';
import { type EventsData, SEND_CHAT, SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { redisUrl } from './support/redis.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await useTestDatabase('multi');
  drop = db.drop;
  env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName, REDIS_URL: await redisUrl() };
});
afterEach(disposeAll);
afterAll(() => drop());

const isDone = (r: { data?: EventsData | null }) =>
  r.data?.sessionEvents.__typename === 'DoneEvent';

it('a subscriber on B receives, in order, every event of a turn run on A', async () => {
  const a = await startServer(env);
  const b = await startServer(env);
  const sessionId = crypto.randomUUID();
  const onB = collect<EventsData>(b.wsClient(), SESSION_EVENTS, { sessionId }, isDone);
  await listenersReady(b.app, 1);

  const sent = await a.gql<any>(SEND_CHAT, { input: { sessionId, content: 'what is 2+3*4?' } });
  const events = (await onB.done).map((r) => r.data!.sessionEvents);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.map((e) => e.__typename).join(' ')).toMatch(
    /^TurnStartedEvent ReasoningEvent ToolStartEvent.* UsageEvent DoneEvent$/,
  );
  expect(events.at(-1)).toMatchObject({
    turnId: sent.data!.sendChat.id,
    reply: sent.data!.sendChat.reply,
  });
  // B reads what A stored.
  const read = await b.gql<any>('query($id: ID!) { session(id: $id) { messageCount } }', {
    id: sessionId,
  });
  expect(read.data!.session.messageCount).toBe(2);
});

it('cancelChat on B stops a slow turn running on A; the partial reply is kept', async () => {
  const a = await startServer({ ...env, LOCAL_AGENT_TOKEN_DELAY_MS: '50' });
  const b = await startServer(env);
  const sessionId = crypto.randomUUID();
  let tokens = 0;
  const onB = collect<EventsData>(b.wsClient(), SESSION_EVENTS, { sessionId }, isDone);
  const firstTokens = collect<EventsData>(b.wsClient(), SESSION_EVENTS, { sessionId }, (r) =>
    r.data?.sessionEvents.__typename === 'TokenEvent' ? ++tokens === 3 : false,
  );
  await listenersReady(b.app, 2);
  const content = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
  const started = await a.gql<any>(START_CHAT, { input: { sessionId, content } });
  const turnId = started.data!.startChat.id;
  await firstTokens.done;

  const cancel = 'mutation($id: ID!) { cancelChat(turnId: $id) }';
  expect((await b.gql<any>(cancel, { id: turnId })).data).toEqual({ cancelChat: true });
  const events = (await onB.done).map((r) => r.data!.sessionEvents);
  const done = events.at(-1)!;
  expect(done).toMatchObject({ __typename: 'DoneEvent', status: 'CANCELLED', turnId });
  const partial = events
    .filter((e) => e.__typename === 'TokenEvent')
    .map((e) => e.content)
    .join('');
  expect(done.reply).toBe(partial);
  expect(partial.length).toBeLessThan(`You said: ${content}`.length);

  const stored = await a.app.services.store.messages.list(sessionId, { limit: 10 });
  expect(stored.map((m) => [m.role, m.status])).toEqual([
    ['USER', null],
    ['AGENT', 'CANCELLED'],
  ]);
  expect(stored[1]!.content).toBe(partial);
  // A finished turn and an unknown one cannot be cancelled, from either instance.
  expect((await b.gql<any>(cancel, { id: turnId })).data).toEqual({ cancelChat: false });
  expect((await a.gql<any>(cancel, { id: turnId })).data).toEqual({ cancelChat: false });
  expect((await b.gql<any>(cancel, { id: 'no-such-turn' })).data).toEqual({ cancelChat: false });
});
