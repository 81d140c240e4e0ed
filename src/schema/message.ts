import type { MessageDoc } from '../model/documents.js';
import { toolCallsOfMessage } from '../resolvers/sessions.js';
import { builder } from './builder.js';
import { MessageRoleEnum, TokenUsageRef, TurnStatusEnum } from './common.js';
import { ToolCallRef } from './tool-call.js';

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
    status: t.expose('status', {
      type: TurnStatusEnum,
      nullable: true,
      description: 'How the turn ended, on an agent message.',
    }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why the turn failed, on a FAILED agent message.',
    }),
    phase: t.exposeString('phase', {
      nullable: true,
      description: 'As DoneEvent.phase, on an agent message.',
    }),
    seedId: t.exposeID('seedId', {
      nullable: true,
      description: 'As DoneEvent.seedId, on an agent message.',
    }),
    evaluationPassed: t.exposeBoolean('evaluationPassed', {
      nullable: true,
      description: 'As DoneEvent.evaluationPassed, on an agent message.',
    }),
    durationMs: t.exposeInt('durationMs', {
      nullable: true,
      description: 'How long the turn ran, in ms, on an agent message.',
    }),
    usage: t.expose('usage', {
      type: TokenUsageRef,
      nullable: true,
      description: "The turn's token usage, on an agent message.",
    }),
    toolCalls: t.field({
      type: [ToolCallRef],
      description: "The tool calls of this message's turn (agent messages; [] for user messages).",
      resolve: (message, _args, ctx, info) => toolCallsOfMessage(ctx, message, info),
    }),
  }),
});
