/**
 * sessionEvents: replay from the event log when afterSeq is given, then live events.
 */
import type { GraphQLError } from 'graphql';
import { type SubscriptionItem, subscribeToSession } from '../runtime/fanout/subscription.js';
import { deniedAsNotFound, mayReadSession, recordDenial } from './access.js';
import type { Context } from './context.js';
import { badUserInput, codedError, notFound } from './errors.js';

export type EventStreamItem =
  | SubscriptionItem
  | { kind: 'notFound'; sessionId: string }
  | { kind: 'error'; error: GraphQLError };

/**
 * A refused subscription is a stream of one error rather than a thrown one: every
 * transport then reports it the same way (graphql-ws and SSE as a `next` with
 * errors, then complete), where a setup error thrown into graphql-sse's handler
 * would come out as a bare HTTP 400 without the error's code.
 */
async function* refused(error: GraphQLError): AsyncGenerator<EventStreamItem> {
  yield { kind: 'error', error };
}

export async function subscribeSessionEvents(
  ctx: Context,
  sessionId: string,
  afterSeq: number | null | undefined,
  untilDone = false,
): Promise<AsyncIterable<EventStreamItem>> {
  if (afterSeq != null && afterSeq < 0) return refused(badUserInput('afterSeq must be >= 0'));
  const { store, bus, config } = ctx.services;
  const session = await store.getSession(sessionId);
  if (session && !mayReadSession(ctx.viewer, session)) {
    return refused(deniedAsNotFound(ctx, sessionId, 'sessionEvents'));
  }
  const events = await subscribeToSession({
    store,
    bus,
    sessionId,
    incarnation: session?.incarnation,
    ahead: !session,
    afterSeq,
    bufferLimit: config.subscriptionBuffer,
    stallMs: config.subscriptionStallMs,
  });
  // Subscribing ahead of a session's creation is allowed (subscribe, then sendChat with
  // a new id), so ownership is checked again when the first event shows who created it.
  const checked = session ? events : checkOwnerOnFirstEvent(ctx, sessionId, events);
  return untilDone ? endAfterDone(checked) : checked;
}

/** untilDone: the stream completes once it has delivered a DoneEvent (plain iterator, as below). */
function endAfterDone(
  items: AsyncIterableIterator<EventStreamItem>,
): AsyncIterableIterator<EventStreamItem> {
  let ended = false;
  const end = async (): Promise<IteratorResult<EventStreamItem>> => {
    ended = true;
    await items.return?.();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      if (ended) return end();
      const result = await items.next();
      if (!result.done && result.value.kind === 'event' && result.value.event.type === 'done') {
        ended = true;
      }
      return result;
    },
    return: end,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * A plain iterator, not an async generator: a generator's return() waits until its
 * pending next() settles, so a client leaving an idle stream would keep the
 * subscription alive until some event arrived.
 */
function checkOwnerOnFirstEvent(
  ctx: Context,
  sessionId: string,
  events: AsyncIterableIterator<SubscriptionItem>,
): AsyncIterableIterator<EventStreamItem> {
  let checked = false;
  let denied = false;
  const end = async (): Promise<IteratorResult<EventStreamItem>> => {
    await events.return?.();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      if (denied) return end();
      const result = await events.next();
      if (result.done || checked || result.value.kind !== 'event') return result;
      const session = await ctx.services.store.getSession(sessionId);
      const current = session?.incarnation === (result.value.event.incarnation ?? undefined);
      if (!session || !current || !mayReadSession(ctx.viewer, session)) {
        if (session) recordDenial(ctx, sessionId, 'sessionEvents');
        denied = true;
        await events.return?.();
        return { done: false, value: { kind: 'notFound', sessionId } };
      }
      checked = true;
      return result;
    },
    return: end,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * The object sessionEvents results are shared on (src/server/shared-execution.ts): the
 * event itself, which the bus hands to every subscriber of its session. Control items
 * (a refusal, a lagged notice) belong to one subscriber and are not shared.
 */
export function sharedEventOf(item: unknown): object | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const streamItem = item as EventStreamItem;
  return streamItem.kind === 'event' ? streamItem.event : undefined;
}

/** Turns the stream's control items into the errors a client sees; passes events through. */
export function eventOrError(item: EventStreamItem) {
  if (item.kind === 'event') return item.event;
  if (item.kind === 'notFound' || item.kind === 'gone') throw notFound('session', item.sessionId);
  if (item.kind === 'error') throw item.error;
  if (item.kind === 'gap') {
    throw codedError(
      'EVENTS_LOST',
      `events ${item.lastSeq + 1} to ${item.nextSeq - 1} were never stored; resubscribe with afterSeq: ${item.nextSeq - 1} to go on without them`,
      { lastSeq: item.lastSeq, nextSeq: item.nextSeq },
    );
  }
  throw codedError(
    'SUBSCRIBER_LAGGED',
    `subscriber fell more than ${item.bufferLimit} events behind and stopped reading; resubscribe with afterSeq: ${item.lastSeq}`,
    { lastSeq: item.lastSeq, bufferLimit: item.bufferLimit },
  );
}
