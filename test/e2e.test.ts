/**
 * The walking skeleton end to end, through a real port: a graphql-ws subscriber
 * and HTTP mutations, against the in-memory store and against MongoDB (FerretDB).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { withFastPathOnAndOff } from './support/fast-path.js';
import {
  type EventsData,
  SEND_CHAT,
  SESSION,
  SESSION_EVENTS,
  START_CHAT,
} from './support/operations.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const isDone = (item: { data?: EventsData | null }) =>
  item.data?.sessionEvents.__typename === 'DoneEvent';

describe.each(withFastPathOnAndOff(storeVariants))(
  'end to end ($name store, fast path $fastPath)',
  ({ env }) => {
    it('streams a calculator turn to the session subscriber, in order, and stores it', async () => {
      const server = await startServer(await env());
      const sessionId = crypto.randomUUID();
      const otherSessionId = crypto.randomUUID();
      const client = server.wsClient();
      const mine = collect<EventsData>(client, SESSION_EVENTS, { sessionId }, isDone);
      const other = collect<EventsData>(client, SESSION_EVENTS, { sessionId: otherSessionId });
      await listenersReady(server.app, 2);

      const sent = await server.gql(SEND_CHAT, { input: { sessionId, content: 'what is 2+3*4?' } });
      expect(sent.errors).toBeUndefined();
      const reply = sent.data!.sendChat as Record<string, any>;
      expect(reply.reply).toContain('14');
      expect(reply).toMatchObject({ sessionId, status: 'COMPLETED', echo: 'what is 2+3*4?' });
      expect(reply.toolCalls).toMatchObject([
        {
          toolName: 'calculator',
          toolArgs: { expression: '2+3*4' },
          outputSummary: '14',
          isError: false,
        },
      ]);
      expect(reply.session).toMatchObject({
        id: sessionId,
        messageCount: 2,
        title: 'what is 2+3*4?',
      });

      const events = (await mine.done).map((r) => {
        expect(r.errors).toBeUndefined();
        return r.data!.sessionEvents;
      });
      const kinds = events.map((e) => e.__typename);
      // Reasoning, tool start, >= 1 progress, tool end, several tokens, usage, done.
      expect(kinds.join(' ')).toMatch(
        /^TurnStartedEvent ReasoningEvent ToolStartEvent( ToolProgressEvent)+ ToolEndEvent( TokenEvent){2,} UsageEvent DoneEvent$/,
      );
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(new Set(events.map((e) => e.turnId))).toEqual(new Set([reply.id]));
      expect(events.every((e) => e.sessionId === sessionId)).toBe(true);
      const tokens = events.filter((e) => e.__typename === 'TokenEvent').map((e) => e.content);
      const done = events.at(-1)!;
      expect(tokens.join('')).toBe(reply.reply);
      expect(done).toMatchObject({ status: 'COMPLETED', reply: reply.reply, error: null });
      expect(events.find((e) => e.__typename === 'ToolStartEvent')).toMatchObject({
        toolName: 'calculator',
        toolArgs: { expression: '2+3*4' },
      });

      const stored = await server.gql<{ session: any }>(SESSION, { id: sessionId });
      expect(stored.errors).toBeUndefined();
      const session = stored.data!.session;
      expect(session.messages.totalCount).toBe(2);
      expect(session.messages.edges.map((e: any) => [e.node.role, e.node.content])).toEqual([
        ['USER', 'what is 2+3*4?'],
        ['AGENT', reply.reply],
      ]);
      expect(session.toolCalls.totalCount).toBe(1);
      expect(session.toolCalls.edges[0].node).toMatchObject({
        toolName: 'calculator',
        turnId: reply.id,
        outputSummary: '14',
      });
      expect(session.usage.outputTokens).toBeGreaterThan(1);

      // The other session's subscriber saw nothing of this turn.
      other.unsubscribe();
      expect(other.results).toEqual([]);
    });

    it('startChat returns before the turn is done; the events follow', async () => {
      const server = await startServer({ ...(await env()), LOCAL_AGENT_TOKEN_DELAY_MS: '5' });
      const sessionId = crypto.randomUUID();
      const client = server.wsClient();
      const events = collect<EventsData>(client, SESSION_EVENTS, { sessionId }, isDone);
      await listenersReady(server.app, 1);

      const started = await server.gql<{ startChat: any }>(START_CHAT, {
        input: { sessionId, content: 'tell me a story about a very patient server' },
      });
      expect(started.errors).toBeUndefined();
      expect(started.data!.startChat).toMatchObject({ sessionId, status: 'RUNNING', firstSeq: 1 });
      // Returned before the DoneEvent was published.
      expect(events.results.some((r) => isDone(r))).toBe(false);

      const all = await events.done;
      expect(all.at(-1)!.data!.sessionEvents).toMatchObject({
        __typename: 'DoneEvent',
        status: 'COMPLETED',
        turnId: started.data!.startChat.id,
        reply: 'You said: tell me a story about a very patient server',
      });
    });

    it('numbers a second turn after the first, and recall finds the earlier message', async () => {
      const server = await startServer(await env());
      const sessionId = crypto.randomUUID();
      await server.gql(SEND_CHAT, { input: { sessionId, content: 'my cat is called Miso' } });
      const client = server.wsClient();
      const events = collect<EventsData>(client, SESSION_EVENTS, { sessionId }, isDone);
      await listenersReady(server.app, 1);
      const sent = await server.gql<{ sendChat: any }>(SEND_CHAT, {
        input: { sessionId, content: 'recall cat' },
      });
      expect(sent.data!.sendChat.reply).toContain('my cat is called Miso');
      const received = (await events.done).map((r) => r.data!.sessionEvents);
      const memories = received.filter((e) => e.__typename === 'MemoryEvent');
      expect(memories).toMatchObject([
        { action: 'RECALL', query: 'cat', count: 0, source: 'memories' },
        { action: 'RECALL', query: 'cat', count: 1, source: 'session-history' },
      ]);
      // The first turn had events 1..n; this turn continues without a gap.
      const first = received[0]!.seq;
      expect(first).toBeGreaterThan(1);
      expect(received.map((e) => e.seq)).toEqual(received.map((_, i) => first + i));
    });
  },
);
