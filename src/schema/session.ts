import type { MessageDoc, SessionDoc, ToolCallDoc } from '../model/documents.js';
import {
  countMessages,
  countSessions,
  countToolCalls,
  listMessages,
  listSessions,
  listToolCalls,
  sessionById,
} from '../resolvers/sessions.js';
import type { SessionKey } from '../store/store.js';
import { builder } from './builder.js';
import { TokenUsageRef } from './common.js';
import { MessageRef } from './message.js';
import {
  type CursorCodec,
  resolveKeysetConnection,
  seqCodec,
  totalCountField,
  withCount,
} from './pagination.js';
import { ToolCallRef } from './tool-call.js';

export const SessionRef = builder.objectRef<SessionDoc>('Session');

const sessionCodec: CursorCodec<SessionKey, SessionDoc> = {
  keyOf: (s) => ({ updatedAt: s.updatedAt, id: s._id }),
  encode: (k) => Buffer.from(`s:${k.updatedAt.getTime()}:${k.id}`).toString('base64url'),
  decode: (cursor) => {
    const match = /^s:(\d{1,15}):(.+)$/s.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    return match ? { updatedAt: new Date(Number(match[1])), id: match[2]! } : null;
  },
};

const messageCodec = seqCodec<MessageDoc>('m');
const toolCallCodec = seqCodec<ToolCallDoc>('t');

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
    messages: t.connection(
      {
        type: MessageRef,
        description: 'The history, oldest first.',
        resolve: (session, args, ctx, info) =>
          withCount(
            resolveKeysetConnection(args, messageCodec, (page) =>
              listMessages(ctx, session, page, info),
            ),
            () => countMessages(ctx, session, info),
          ),
      },
      {
        name: 'MessageConnection',
        description: 'A page of messages.',
        fields: (t) => ({ totalCount: t.int(totalCountField) }),
      },
      { name: 'MessageEdge', description: 'A message and its cursor.' },
    ),
    toolCalls: t.connection(
      {
        type: ToolCallRef,
        description: 'The tool-call trajectory, in the order the calls started.',
        resolve: (session, args, ctx, info) =>
          withCount(
            resolveKeysetConnection(args, toolCallCodec, (page) =>
              listToolCalls(ctx, session, page, info),
            ),
            () => countToolCalls(ctx, session, info),
          ),
      },
      {
        name: 'ToolCallConnection',
        description: 'A page of tool calls.',
        fields: (t) => ({ totalCount: t.int(totalCountField) }),
      },
      { name: 'ToolCallEdge', description: 'A tool call and its cursor.' },
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
        withCount(
          resolveKeysetConnection(args, sessionCodec, (page) =>
            listSessions(ctx, args.projectId, page),
          ),
          () => countSessions(ctx, args.projectId),
        ),
    },
    {
      name: 'SessionConnection',
      description: 'A page of sessions.',
      fields: (t) => ({ totalCount: t.int(totalCountField) }),
    },
    { name: 'SessionEdge', description: 'A session and its cursor.' },
  ),
}));
