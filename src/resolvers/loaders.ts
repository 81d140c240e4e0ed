/**
 * Which DataLoaders a resolver uses. Queries and mutations use the request's
 * (`ctx.loaders`, made by the context factory). A subscription is different: it
 * has one context for its whole life, and graphql-js executes every event with that
 * same contextValue, so loaders in the context would cache the first event's reads
 * for hours. Each event gets loaders of its own instead.
 *
 * How an event is told apart: graphql-js (per the spec's ExecuteSubscriptionEvent)
 * executes each event with the event itself as the root value, so within one
 * subscription `info.rootValue` is one object per event and the same object for every
 * field of that event. Loaders are kept per (context, root value) in WeakMaps: they
 * batch across the event's fields, start empty for the next event, are never shared
 * with another subscription, and go with the event once it has been sent.
 *
 * Considered instead: replacing `ctx.loaders` in the subscription field's resolve.
 * That mutates a context shared by every event and is only right while events
 * execute strictly one after another; it would also have to live in each
 * subscription field. Keying by root value needs neither.
 */
import { createLoaders, type Loaders } from '../store/loaders.js';
import type { Context } from './context.js';

/** The part of GraphQLResolveInfo that tells executions apart. */
export interface ExecutionInfo {
  operation: { operation: string };
  rootValue: unknown;
}

const perEvent = new WeakMap<Context, WeakMap<object, Loaders>>();

export function loadersFor(ctx: Context, info?: ExecutionInfo): Loaders {
  if (info?.operation.operation !== 'subscription') return ctx.loaders;
  const event = info.rootValue;
  // Every event this server streams is an object; anything else gets loaders of its
  // own per call (no batching, but never stale).
  if (typeof event !== 'object' || event === null) return createLoaders(ctx.services.store);
  let events = perEvent.get(ctx);
  if (!events) {
    events = new WeakMap();
    perEvent.set(ctx, events);
  }
  let loaders = events.get(event);
  if (!loaders) {
    loaders = createLoaders(ctx.services.store);
    events.set(event, loaders);
  }
  return loaders;
}
