import { toolCallsOfMessage } from '../resolvers/sessions.js';
import type { MessageDoc } from '../store/documents.js';
import { builder } from './builder.js';
import { MessageRoleEnum, TokenUsageRef, TurnStatusEnum } from './common.js';
import { ToolCallRef } from './tool-call.js';

export const MessageRef = builder.objectRef<MessageDoc>('Message').implement({
  description: "One message of a session's history. Agent-only fields are null on user messages.",
  fields: (t) => ({
    id: t.exposeID('_id'),
    sessionId: t.exposeID('sessionId'),
    turnId: t.exposeID('turnId'),
    role: t.expose('role', { type: MessageRoleEnum }),
    content: t.exposeString('content'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    status: t.expose('status', { type: TurnStatusEnum, nullable: true }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why the turn failed, on a FAILED agent message.',
    }),
    phase: t.exposeString('phase', { nullable: true }),
    seedId: t.exposeID('seedId', { nullable: true }),
    evaluationPassed: t.exposeBoolean('evaluationPassed', { nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    usage: t.expose('usage', { type: TokenUsageRef, nullable: true }),
    toolCalls: t.field({
      type: [ToolCallRef],
      description: "The tool calls of this message's turn (agent messages; [] for user messages).",
      resolve: (message, _args, ctx, info) => toolCallsOfMessage(ctx, message, info),
    }),
  }),
});
