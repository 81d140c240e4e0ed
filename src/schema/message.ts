import type { MessageDoc } from '../model/documents.js';
import { toolCallsOfMessage } from '../resolvers/sessions.js';
import { builder } from './builder.js';
import { MessageRoleEnum } from './common.js';
import { ToolCallRef } from './tool-call.js';
import { agentMessageFields } from './turn-result.js';

export const MessageRef = builder.objectRef<MessageDoc>('Message').implement({
  description: "One message of a session's history. Agent-only fields are null on user messages.",
  fields: (t) => ({
    id: t.exposeID('_id', { description: 'The message id.' }),
    sessionId: t.exposeID('sessionId', { description: 'The session it belongs to.' }),
    turnId: t.exposeID('turnId', {
      description: 'The turn it belongs to: each turn has a user message and an agent message.',
    }),
    role: t.expose('role', { type: MessageRoleEnum, description: 'Who wrote it.' }),
    content: t.exposeString('content', { description: 'The text.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was stored.' }),
    ...agentMessageFields(t),
    toolCalls: t.field({
      type: [ToolCallRef],
      description: "The tool calls of this message's turn (agent messages; [] for user messages).",
      resolve: (message, _args, ctx, info) => toolCallsOfMessage(ctx, message, info),
    }),
  }),
});
