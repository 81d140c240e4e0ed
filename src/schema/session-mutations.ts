import { deleteSession, pruneSessions, renameSession } from '../resolvers/session-mutations.js';
import { builder } from './builder.js';
import { SessionRef } from './session.js';

const PruneResultRef = builder.objectRef<{ deleted: number }>('PruneResult').implement({
  description: 'What a prune removed.',
  fields: (t) => ({
    deleted: t.exposeInt('deleted', {
      description: 'Sessions removed, with everything they owned.',
    }),
  }),
});

builder.mutationFields((t) => ({
  renameSession: t.field({
    type: SessionRef,
    description: 'Sets the title (1 to 200 characters); the first message no longer names it.',
    args: {
      id: t.arg.id({ required: true, description: 'The session.' }),
      title: t.arg.string({ required: true, description: 'The new title.' }),
    },
    resolve: (_root, { id, title }, ctx) => renameSession(ctx, id, title),
  }),
  deleteSession: t.boolean({
    description: 'Deletes the session with its messages, tool calls and events.',
    args: { id: t.arg.id({ required: true, description: 'The session.' }) },
    resolve: (_root, { id }, ctx) => deleteSession(ctx, id),
  }),
  pruneSessions: t.field({
    type: PruneResultRef,
    description:
      'Admin: drops sessions idle longer than SESSION_TTL_HOURS, then keeps the newest SESSION_MAX_SESSIONS; also drops events past EVENT_RETENTION_HOURS.',
    resolve: (_root, _args, ctx) => pruneSessions(ctx),
  }),
}));
