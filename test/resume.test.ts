/**
 * No lost message, no lost event: resume after a disconnect, and many turns racing
 * for one session. Both stores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { withFastPathOnAndOff } from './support/fast-path.js';
import {
  type EventItem,
  type EventsData,
  SEND_CHAT,
  SESSION_EVENTS,
  START_CHAT,
} from './support/operations.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const isDone = (r: { data?: EventsData | null }) =>
  r.data?.sessionEvents.__typename === 'DoneEvent';
const events = (results: { data?: EventsData | null }[]) =>
  results.map((r) => r.data!.sessionEvents);

describe.each(withFastPathOnAndOff(storeVariants))(
  'resumable streams ($name store, fast path $fastPath)',
  ({ env }) => {
    it('a client that disconnects mid-turn resumes with afterSeq and sees every event exactly once', async () => {
      const s = await startServer({ ...(await env()), LOCAL_AGENT_TOKEN_DELAY_MS: '3' });
      const sessionId = crypto.randomUUID();
      const first = s.wsClient();
      const partial = collect<EventsData>(
        first,
        SESSION_EVENTS,
        { sessionId },
        (_r, all) => all.length === 5,
      );
      await listenersReady(s.app, 1);
      const content = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
      const started = await s.gql<any>(START_CHAT, { input: { sessionId, content } });
      const seen = events(await partial.done);
      await first.dispose(); // the connection drops mid-turn

      const lastSeq = seen.at(-1)!.seq;
      const second = s.wsClient();
      const rest = events(
        await collect<EventsData>(second, SESSION_EVENTS, { sessionId, afterSeq: lastSeq }, isDone)
          .done,
      );

      const all = [...seen, ...rest];
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      expect(all.at(-1)).toMatchObject({
        __typename: 'DoneEvent',
        status: 'COMPLETED',
        turnId: started.data.startChat.id,
      });
      const reply = all
        .filter((e) => e.__typename === 'TokenEvent')
        .map((e) => e.content)
        .join('');
      expect(reply).toBe(`You said: ${content}`);
      // The stored log agrees with what the client assembled.
      const stored = await s.app.services.store.readEvents(sessionId, 0, 1000);
      expect(stored.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    });

    it('replays a finished turn from afterSeq: 0, then goes on live', async () => {
      const s = await startServer(await env());
      const sessionId = crypto.randomUUID();
      await s.gql(SEND_CHAT, { input: { sessionId, content: 'first' } });
      const client = s.wsClient();
      let dones = 0;
      const stream = collect<EventsData>(
        client,
        SESSION_EVENTS,
        { sessionId, afterSeq: 0 },
        (r) => isDone(r) && ++dones === 2,
      );
      await listenersReady(s.app, 1);
      await s.gql(SEND_CHAT, { input: { sessionId, content: 'second' } });
      const all = events(await stream.done);
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      expect(all.filter((e) => e.__typename === 'DoneEvent').map((e) => e.reply)).toEqual([
        'You said: first',
        'You said: second',
      ]);
    });

    it('10 concurrent sendChat calls on one session all complete, paired and gap-free', async () => {
      const s = await startServer(await env());
      const sessionId = crypto.randomUUID();
      await s.gql(SEND_CHAT, { input: { sessionId, content: 'opening' } });
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          s.gql<any>(SEND_CHAT, { input: { sessionId, content: `message ${i}` } }),
        ),
      );
      for (const r of replies) expect(r.errors).toBeUndefined();
      const { store } = s.app.services;
      const messages = await store.messages.list(sessionId, { limit: 100 });
      expect(messages).toHaveLength(22);
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
      for (let i = 0; i < messages.length; i += 2) {
        const [user, agent] = [messages[i]!, messages[i + 1]!];
        expect([user.role, agent.role]).toEqual(['USER', 'AGENT']);
        expect(agent.turnId).toBe(user.turnId);
        expect(agent.content).toBe(`You said: ${user.content}`);
      }
      const log: EventItem[] = (await store.readEvents(sessionId, 0, 10_000)) as never;
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
      expect(log.filter((e) => (e as { type?: string }).type === 'done')).toHaveLength(11);
      const session = await store.getSession(sessionId);
      expect(session).toMatchObject({ messageCount: 22, nextSeq: log.length + 1, lease: null });
    });

    it.each(['new', 'existing'])(
      'a client leaving an idle stream on a %s session frees it at once',
      async (kind) => {
        const s = await startServer(await env());
        const sessionId = crypto.randomUUID();
        if (kind === 'existing') await s.gql(SEND_CHAT, { input: { sessionId, content: 'hello' } });
        const stream = collect<EventsData>(s.wsClient(), SESSION_EVENTS, { sessionId });
        await listenersReady(s.app, 1, sessionId);
        stream.unsubscribe();
        await expect
          .poll(() => s.app.services.bus.listenerCount(sessionId), { timeout: 2000 })
          .toBe(0);
      },
    );

    it('a full queue answers SESSION_BUSY and stores nothing for the refused turn', async () => {
      const s = await startServer({
        ...(await env()),
        TURN_QUEUE_LIMIT: '2',
        LOCAL_AGENT_TOKEN_DELAY_MS: '20',
      });
      const sessionId = crypto.randomUUID();
      const sends = Array.from({ length: 5 }, (_, i) =>
        s.gql<any>(START_CHAT, { input: { sessionId, content: `busy ${i} ${'x '.repeat(5)}` } }),
      );
      const results = await Promise.all(sends);
      const busy = results.filter((r) => r.errors?.[0]?.extensions?.code === 'SESSION_BUSY');
      const accepted = results.filter((r) => !r.errors);
      // One runs, two wait, two are refused.
      expect(accepted).toHaveLength(3);
      expect(busy).toHaveLength(2);
      const { store } = s.app.services;
      await expect.poll(() => store.messages.count(sessionId), { timeout: 10_000 }).toBe(6);
    });
  },
);
