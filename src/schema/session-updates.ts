/** The viewer feed: sessionUpdates, SessionUpdate and SessionChange (resolvers/session-updates.ts). */
import type { SessionChange } from '../model/feed.js';
import {
  cursorOf,
  type FeedItem,
  sessionOfUpdate,
  subscribeSessionUpdates,
  updateOrError,
} from '../resolvers/session-updates.js';
import { builder } from './builder.js';
import { SessionRef } from './session.js';

type UpdateItem = FeedItem & { kind: 'update' };

const SessionChangeEnum = builder.enumType('SessionChange', {
  description: 'What happened to a session.',
  values: {
    CREATED: { description: 'A new session (sendChat or startChat with a new id).' },
    UPDATED: {
      description:
        'Renamed, a turn started or ended (status, messageCount, usage), a tool call waits for a decision or got one.',
    },
    DELETED: { description: 'Deleted or pruned; `session` is null.' },
  } satisfies Record<SessionChange, unknown>,
});

const SessionUpdateRef = builder.objectRef<UpdateItem>('SessionUpdate').implement({
  description: 'One change of a session the viewer can see, in the order it happened.',
  fields: (t) => ({
    cursor: t.string({
      description: 'Resume after this update: sessionUpdates(after: cursor).',
      resolve: (item) => cursorOf(item),
    }),
    change: t.field({
      type: SessionChangeEnum,
      description: 'What happened to it.',
      resolve: (item) => item.update.change,
    }),
    sessionId: t.id({
      description: 'The session changed.',
      resolve: (item) => item.update.sessionId,
    }),
    session: t.field({
      type: SessionRef,
      nullable: true,
      description:
        'The session as the change left it (status included); null when it is deleted since, or this update is its DELETED.',
      resolve: (item, _args, ctx, info) => sessionOfUpdate(ctx, item.update, info),
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When it happened.',
      resolve: (item) => item.update.at,
    }),
  }),
});

builder.subscriptionField('sessionUpdates', (t) =>
  t.field({
    type: SessionUpdateRef,
    description:
      "Every change of the viewer's sessions (allUsers: every user's, admins only), live; after = a cursor: first every stored update after it, in order, then live ones, never a gap or a duplicate. An expired cursor ends with CURSOR_EXPIRED: query sessions again and subscribe without after.",
    args: {
      after: t.arg.string({
        required: false,
        description:
          "Replay the updates after this update's cursor first; absent: live updates only.",
      }),
      allUsers: t.arg.boolean({
        required: false,
        defaultValue: false,
        description: "true: every user's sessions (admins only; FORBIDDEN otherwise).",
      }),
    },
    subscribe: (_root, { after, allUsers }, ctx) =>
      subscribeSessionUpdates(ctx, after, allUsers ?? false),
    resolve: (item) => updateOrError(item as FeedItem),
  }),
);
