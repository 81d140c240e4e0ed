/**
 * Fresh DataLoaders per subscription event. graphql-js executes every event of a
 * subscription with the same context, so loaders kept in the context would answer
 * later events from the first event's reads. No event of the public schema reads
 * through a loader yet (DoneEvent.toolCalls is inline), so this test adds one: the
 * production schema plus a subscription field whose events resolve to the real
 * Session type (title, messages and their totalCount all go through loaders).
 */
import {
  type ExecutionResult,
  GraphQLID,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  parse,
  subscribe,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Context } from '../src/resolvers/context.js';
import { sessionById } from '../src/resolvers/sessions.js';
import { schema } from '../src/schema/index.js';
import { createLoaders } from '../src/store/loaders.js';
import { MemoryStore } from '../src/store/memory.js';
import { at, message, session } from './store.fixtures.js';

interface Tick {
  sessionId: string;
}

/** An event source the test pushes into, one event per push. */
function ticks() {
  const waiting: ((tick: Tick) => void)[] = [];
  const queued: Tick[] = [];
  return {
    push(tick: Tick) {
      const take = waiting.shift();
      if (take) take(tick);
      else queued.push(tick);
    },
    async *events(): AsyncGenerator<Tick> {
      for (;;) yield queued.shift() ?? (await new Promise<Tick>((r) => waiting.push(r)));
    },
  };
}

function schemaWithTicks(source: ReturnType<typeof ticks>, stale: boolean): GraphQLSchema {
  const config = schema.toConfig();
  const Session = schema.getType('Session') as GraphQLObjectType;
  const subscription = new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      ...schema.getSubscriptionType()!.toConfig().fields,
      sessionTicks: {
        type: Session,
        args: { id: { type: new GraphQLNonNull(GraphQLID) } },
        subscribe: () => source.events(),
        // The control reads through the context's loaders, as a careless field would.
        resolve: (tick: Tick, _args, ctx: Context, info) =>
          stale ? ctx.loaders.session.load(tick.sessionId) : sessionById(ctx, tick.sessionId, info),
      },
    },
  });
  const types = config.types.filter((t) => t.name !== 'Subscription');
  return new GraphQLSchema({ ...config, subscription, types });
}

const TICKS = parse(/* GraphQL */ `
  subscription {
    sessionTicks(id: "s1") {
      title
      messageCount
      messages(last: 2) { totalCount edges { node { content } } }
    }
  }
`);

async function run(stale: boolean) {
  const store = new MemoryStore();
  await store.ensureSession(session('s1', { userId: 'u1', title: 'before' }));
  await store.appendMessage(message('s1', 't1', 'one', at(1)));
  const source = ticks();
  const ctx = {
    viewer: { userId: 'u1', isAdmin: false },
    services: { store },
    loaders: createLoaders(store),
  } as unknown as Context;
  const stream = (await subscribe({
    schema: schemaWithTicks(source, stale),
    document: TICKS,
    contextValue: ctx,
  })) as AsyncGenerator<ExecutionResult>;
  const next = async () => {
    source.push({ sessionId: 's1' });
    const { value } = await stream.next();
    expect(value.errors).toBeUndefined();
    return value.data!.sessionTicks as any;
  };

  const first = await next();
  // Changed after the subscription started, and after its first event was sent.
  await store.renameSession('s1', 'after', at(5));
  await store.appendMessage(message('s1', 't2', 'two', at(6)));
  const second = await next();
  await stream.return(undefined);
  return { first, second };
}

describe('DataLoaders in subscriptions', () => {
  it('gives every event fresh loaders, so it sees data changed after subscribing', async () => {
    const { first, second } = await run(false);
    expect(first).toEqual({
      title: 'before',
      messageCount: 1,
      messages: { totalCount: 1, edges: [{ node: { content: 'one' } }] },
    });
    expect(second).toEqual({
      title: 'after',
      messageCount: 2,
      messages: {
        totalCount: 2,
        edges: [{ node: { content: 'one' } }, { node: { content: 'two' } }],
      },
    });
  });

  it('(control) loaders kept in the context serve the first event’s session again', async () => {
    const { second } = await run(true);
    expect(second.title).toBe('before');
  });
});
