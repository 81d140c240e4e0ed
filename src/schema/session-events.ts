/** The sessionEvents subscription: one session's events, resumable (resolvers/events.ts). */
import type { SessionEvent } from '../model/events.js';
import { eventOrError, subscribeSessionEvents } from '../resolvers/events.js';
import { builder } from './builder.js';
import { SessionEventUnion } from './events.js';

builder.subscriptionField('sessionEvents', (t) =>
  t.field({
    type: SessionEventUnion,
    description:
      'afterSeq absent: live events only. afterSeq = n: first every stored event with seq > n, in order, then live ones; never a gap or a duplicate. A session id that does not exist yet is waited for (subscribe, then sendChat with that id).',
    args: {
      sessionId: t.arg.id({ required: true, description: 'The session to follow.' }),
      afterSeq: t.arg.int({
        required: false,
        description: 'Replay stored events with a higher seq first; absent: live events only.',
      }),
      untilDone: t.arg.boolean({
        required: false,
        defaultValue: false,
        description:
          'true: the subscription completes after the first DoneEvent it delivers (one turn only: subscribe with afterSeq: firstSeq - 1).',
      }),
    },
    subscribe: (_root, { sessionId, afterSeq, untilDone }, ctx) =>
      subscribeSessionEvents(ctx, sessionId, afterSeq, untilDone ?? false),
    resolve: (item) => eventOrError(item) as SessionEvent,
  }),
);
