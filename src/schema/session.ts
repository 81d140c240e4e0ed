import type { GraphQLResolveInfo } from 'graphql';
import type { MessageDoc, SessionDoc } from '../model/documents.js';
import type { SessionSnapshot } from '../model/feed.js';
import { pendingApprovalsOf, sessionStatus } from '../resolvers/approvals.js';
import { branchLength, branchPage } from '../resolvers/branches.js';
import type { Context } from '../resolvers/context.js';
import {
  countSeries,
  countSessions,
  listSeries,
  listSessions,
  sessionById,
} from '../resolvers/sessions.js';
import type { SeriesItems, SeriesName } from '../store/store.js';
import { SessionStatusEnum, ToolApprovalRef } from './approvals.js';
import { builder } from './builder.js';
import { TokenUsageRef } from './common.js';
import { MessageRef } from './message.js';
import {
  type ConnectionArgs,
  countedConnection,
  resolveKeysetConnection,
  seqCodec,
  sessionCodec,
} from './pagination.js';
import { ToolCallRef } from './tool-call.js';

export const SessionRef = builder.objectRef<SessionSnapshot>('Session');

const messageCodec = seqCodec<MessageDoc>('m');

/** Resolves a connection over one of the session's series, with cursors of this prefix. */
function seriesConnection<N extends SeriesName>(series: N, prefix: string) {
  const codec = seqCodec<SeriesItems[N]>(prefix);
  return (session: SessionDoc, args: ConnectionArgs, ctx: Context, info: GraphQLResolveInfo) =>
    resolveKeysetConnection(
      args,
      codec,
      (page) => listSeries(ctx, session, series, page, info),
      () => countSeries(ctx, session, series, info),
    );
}

SessionRef.implement({
  description: 'A conversation between one user and the agent.',
  fields: (t) => ({
    id: t.exposeID('_id', {
      description: 'Plain id; a client may choose a UUID for a new session.',
    }),
    userId: t.exposeString('userId', { description: 'The user the session belongs to.' }),
    projectId: t.exposeID('projectId', {
      nullable: true,
      description: 'The project it was created in (SendChatInput.projectId); null when none.',
    }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'Set from the first message unless renamed.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When it last changed (a message, a rename); sessions are listed by it.',
    }),
    messageCount: t.exposeInt('messageCount', {
      description: 'Messages in the history, user and agent.',
    }),
    usage: t.expose('usage', { type: TokenUsageRef, description: 'Totals over all turns.' }),
    metadata: t.expose('metadata', {
      type: 'JSON',
      nullable: true,
      description: 'Free-form data kept with the session; null when none.',
    }),
    lastEventSeq: t.int({
      description: 'The seq of the newest event when the session was last idle; resume after it.',
      resolve: (s) => s.nextSeq - 1,
    }),
    status: t.field({
      type: SessionStatusEnum,
      description:
        'AWAITING_APPROVAL while a tool call waits for a decision, RUNNING while a turn runs, else IDLE.',
      resolve: (session, _args, ctx, info) => sessionStatus(ctx, session, info),
    }),
    pendingApprovals: t.field({
      type: [ToolApprovalRef],
      description: 'The tool calls waiting for a decision, oldest first; empty when none.',
      resolve: (session, _args, ctx, info) => pendingApprovalsOf(ctx, session, info),
    }),
    messages: t.connection(
      {
        type: MessageRef,
        description:
          'The branch in view (root to activeLeafId), oldest first: the whole history of a session that never branched.',
        resolve: (session, args, ctx, info) =>
          resolveKeysetConnection(
            args,
            messageCodec,
            (page) => branchPage(ctx, session, page, info),
            () => branchLength(ctx, session, info),
          ),
      },
      ...countedConnection('Message', 'messages', 'A message'),
    ),
    toolCalls: t.connection(
      {
        type: ToolCallRef,
        description: 'The tool-call trajectory, in the order the calls started.',
        resolve: seriesConnection('toolCalls', 't'),
      },
      ...countedConnection('ToolCall', 'tool calls', 'A tool call'),
    ),
  }),
});

builder.queryFields((t) => ({
  session: t.field({
    type: SessionRef,
    nullable: true,
    description: "A session by id; null when it does not exist or is not the caller's.",
    args: { id: t.arg.id({ required: true, description: 'The session id.' }) },
    resolve: (_root, { id }, ctx, info) => sessionById(ctx, id, info),
  }),
  sessions: t.connection(
    {
      type: SessionRef,
      description: "The caller's sessions, most recently updated first.",
      args: {
        projectId: t.arg.id({
          required: false,
          description: "Only this project's sessions; absent: all of them.",
        }),
      },
      resolve: (_root, args, ctx) =>
        resolveKeysetConnection(
          args,
          sessionCodec,
          (page) => listSessions(ctx, args.projectId, page),
          () => countSessions(ctx, args.projectId),
        ),
    },
    ...countedConnection('Session', 'sessions', 'A session'),
  ),
}));
