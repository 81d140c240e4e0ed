/**
 * sessionUpdates, the viewer feed: the viewer's sessions (an admin's `allUsers`: every
 * user's), replayed after a cursor, then live (runtime/feed/). A cursor whose updates
 * may be gone (older than the retention window, or unknown to the log: pruned, or
 * from a store that started over) is refused with CURSOR_EXPIRED: the client reloads
 * `sessions` and subscribes without `after`.
 */
import type { GraphQLError } from 'graphql';
import type { SessionDoc } from '../model/documents.js';
import type { SessionSnapshot, SessionUpdateDoc } from '../model/feed.js';
import { subscribeToFeed } from '../runtime/feed/feed-subscription.js';
import type { FeedScope } from '../store/store.js';
import { mayReadSession } from './access.js';
import type { Context } from './context.js';
import { codedError } from './errors.js';
import { decodeFeedCursor, encodeFeedCursor } from './feed-cursor.js';
import { type ExecutionInfo, loadersFor } from './loaders.js';

/** What the subscription yields: an update of the scope, or the refusal it ends with. */
export type FeedItem =
  | { kind: 'update'; scope: FeedScope; update: SessionUpdateDoc }
  | { kind: 'error'; error: GraphQLError };

/** A refusal as a stream of one error, as sessionEvents does (resolvers/events.ts). */
async function* refused(error: GraphQLError): AsyncGenerator<FeedItem> {
  yield { kind: 'error', error };
}

export async function subscribeSessionUpdates(
  ctx: Context,
  after: string | null | undefined,
  allUsers: boolean,
): Promise<AsyncIterable<FeedItem>> {
  if (allUsers && !ctx.viewer.isAdmin) {
    return refused(codedError('FORBIDDEN', 'sessionUpdates(allUsers: true) is for admins'));
  }
  const scope: FeedScope = allUsers ? { allUsers: true } : { userId: ctx.viewer.userId };
  let position: number | null = null;
  if (after != null) {
    try {
      position = await resumePosition(ctx, scope, after);
    } catch (error) {
      return refused(error as GraphQLError);
    }
  }
  const { store, feedBus, config } = ctx.services;
  const updates = await subscribeToFeed({
    store,
    bus: feedBus,
    scope,
    after: position,
    bufferLimit: config.subscriptionBuffer,
  });
  return mapUpdates(updates, (update) => ({ kind: 'update', scope, update }));
}

async function resumePosition(ctx: Context, scope: FeedScope, after: string): Promise<number> {
  const cursor = decodeFeedCursor(after);
  if (cursor.allUsers !== 'allUsers' in scope) {
    throw codedError('BAD_USER_INPUT', 'after is a cursor of the other feed (allUsers)', {
      argument: 'after',
    });
  }
  const retentionMs = ctx.services.config.eventRetentionHours * 3_600_000;
  const tooOld = retentionMs > 0 && cursor.at < Date.now() - retentionMs;
  const stored = tooOld ? null : await ctx.services.store.sessionUpdates.at(scope, cursor.position);
  if (!stored || stored.at.getTime() !== cursor.at) throw cursorExpired();
  return cursor.position;
}

function cursorExpired(): GraphQLError {
  return codedError(
    'CURSOR_EXPIRED',
    'the updates after this cursor are no longer kept: query sessions again, then subscribe to sessionUpdates without after',
  );
}

/** A plain mapping iterator: return() reaches the source at once (see resolvers/events.ts). */
function mapUpdates<T, U>(
  source: AsyncIterableIterator<T>,
  map: (item: T) => U,
): AsyncIterableIterator<U> {
  return {
    async next() {
      const result = await source.next();
      return result.done ? result : { done: false, value: map(result.value) };
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export function updateOrError(item: FeedItem): FeedItem & { kind: 'update' } {
  if (item.kind === 'error') throw item.error;
  return item;
}

export const cursorOf = (item: FeedItem & { kind: 'update' }) =>
  encodeFeedCursor(item.scope, item.update);

/**
 * The session as the change left it, with its status then; null once it is deleted
 * (or its id belongs to a new session: nothing of another incarnation shows).
 */
export async function sessionOfUpdate(
  ctx: Context,
  update: SessionUpdateDoc,
  info?: ExecutionInfo,
): Promise<SessionSnapshot | null> {
  const snapshot = update.session;
  if (!snapshot) return null;
  const current: SessionDoc | null = await loadersFor(ctx, info).session.load(snapshot._id);
  if (!current || current.incarnation !== snapshot.incarnation) return null;
  if (!mayReadSession(ctx.viewer, current)) return null;
  return update.status ? { ...snapshot, statusAsOf: update.status } : snapshot;
}
