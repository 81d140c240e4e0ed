/**
 * Apollo Client 4 in Node against a real Parley server, wired as the README shows:
 * HttpLink for queries and mutations, GraphQLWsLink (graphql-ws) for subscriptions,
 * joined by split, with a normalized InMemoryCache.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache, split } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { afterEach, describe, expect, it, vi } from 'vitest';
// What the README's "Typed clients" section tells clients to import (npm run schema prints it).
import introspection from '../possible-types.json' with { type: 'json' };
import type { EventItem } from './support/operations.js';
import { disposeAll, listenersReady, startServer, type TestServer } from './support/server.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await disposeAll();
});

function apolloClient(server: TestServer) {
  const link = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(server.wsClient()),
    new HttpLink({ uri: `${server.url}/graphql` }),
  );
  const cache = new InMemoryCache({
    // Apollo needs them to match inline fragments on the SessionEvent union and the
    // TurnEvent interface in the cache.
    possibleTypes: introspection.possibleTypes,
    // Events have no id: each one simply replaces the last under Subscription.sessionEvents.
    typePolicies: { Subscription: { fields: { sessionEvents: { merge: false } } } },
  });
  return new ApolloClient({ link, cache });
}

// Both durationMs fields are Int!, so one selection may ask for both without an alias.
const SESSION_EVENTS = gql`
  subscription SessionEvents($sessionId: ID!) {
    sessionEvents(sessionId: $sessionId) {
      ... on TurnEvent { seq sessionId turnId }
      ... on TurnStartedEvent { userMessage { id role content } }
      ... on ReasoningEvent { content source }
      ... on ToolStartEvent { toolName toolArgs }
      ... on ToolEndEvent { toolName durationMs outputSummary }
      ... on TokenEvent { content }
      ... on DoneEvent { status reply durationMs }
    }
  }
`;

const SEND_CHAT = gql`
  mutation SendChat($input: SendChatInput!) {
    sendChat(input: $input) { id reply status session { id title messageCount } }
  }
`;

const SESSIONS = gql`
  query Sessions {
    sessions(first: 10) {
      totalCount
      edges { node { id title messageCount messages(last: 3) { edges { node { id role content } } } } }
    }
  }
`;

describe('Apollo Client 4 (HttpLink + GraphQLWsLink)', () => {
  it('subscribes, mutates, queries and normalizes the session in its cache', async () => {
    // Apollo warns (console) on fragments it cannot match or cache data it would lose.
    const warnings = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    const server = await startServer();
    const client = apolloClient(server);
    const sessionId = crypto.randomUUID();

    const events: EventItem[] = [];
    let subscription: { unsubscribe(): void } | undefined;
    const done = new Promise<void>((resolve, reject) => {
      subscription = client
        .subscribe({ query: SESSION_EVENTS, variables: { sessionId } })
        .subscribe({
          next: ({ data, error }) => {
            if (error) return reject(error);
            const event = (data as { sessionEvents: EventItem }).sessionEvents;
            events.push(event);
            if (event.__typename === 'DoneEvent') resolve();
          },
          error: reject,
        });
    });
    await listenersReady(server.app, 1);

    const sent = await client.mutate({
      mutation: SEND_CHAT,
      variables: { input: { sessionId, content: 'what is 2+3*4?' } },
    });
    const reply = (sent.data as { sendChat: { id: string; reply: string } }).sendChat;
    expect(reply.reply).toContain('14');
    await done;
    subscription?.unsubscribe();

    // The whole turn arrived through Apollo's observable, typed per union member.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // First the user's message (a Message Apollo normalises by id), then the agent's work.
    expect(events[0]).toMatchObject({
      __typename: 'TurnStartedEvent',
      turnId: reply.id,
      userMessage: { __typename: 'Message', role: 'USER', content: 'what is 2+3*4?' },
    });
    expect(events[1]).toMatchObject({ __typename: 'ReasoningEvent', turnId: reply.id });
    expect(events.find((e) => e.__typename === 'ToolStartEvent')).toMatchObject({
      toolName: 'calculator',
      toolArgs: { expression: '2+3*4' },
    });
    expect(events.find((e) => e.__typename === 'ToolEndEvent')).toMatchObject({
      outputSummary: '14',
      durationMs: expect.any(Number),
    });
    expect(events.filter((e) => e.__typename === 'TokenEvent').length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({
      __typename: 'DoneEvent',
      status: 'COMPLETED',
      reply: reply.reply,
      durationMs: expect.any(Number),
    });

    // Session has an id, so the mutation's result is normalized as Session:<id>.
    const cached = () => client.cache.extract() as Record<string, object | undefined>;
    expect(cached()[`Session:${sessionId}`]).toMatchObject({
      __typename: 'Session',
      id: sessionId,
      messageCount: 2,
    });
    const fragment = client.cache.readFragment({
      id: client.cache.identify({ __typename: 'Session', id: sessionId }),
      fragment: gql`fragment CachedSession on Session { id title messageCount }`,
    });
    expect(fragment).toMatchObject({ id: sessionId, title: 'what is 2+3*4?', messageCount: 2 });

    // A second turn gives four messages, so `last: 3` has something to cut.
    await client.mutate({
      mutation: SEND_CHAT,
      variables: { input: { sessionId, content: 'hello' } },
    });
    const { data } = await client.query({ query: SESSIONS, fetchPolicy: 'network-only' });
    const sessions = (data as { sessions: any }).sessions;
    expect(sessions.totalCount).toBe(1);
    const node = sessions.edges[0].node;
    expect(node).toMatchObject({ id: sessionId, messageCount: 4 });
    expect(node.messages.edges.map((e: any) => [e.node.role, e.node.content])).toEqual([
      ['AGENT', reply.reply],
      ['USER', 'hello'],
      ['AGENT', 'You said: hello'],
    ]);
    // The query refreshed the same normalized entity.
    expect(cached()[`Session:${sessionId}`]).toMatchObject({ messageCount: 4 });
    client.stop();
    for (const spy of warnings) expect(spy).not.toHaveBeenCalled();
  });
});
