import type { ToolCallDoc } from '../store/documents.js';
import { builder } from './builder.js';

export type ToolCallShape = Omit<ToolCallDoc, '_id' | 'sessionId' | 'seq'> & { seq?: number };

export const ToolCallRef = builder.objectRef<ToolCallShape>('ToolCall').implement({
  description: 'One tool call of a turn: the trajectory step the agent took.',
  fields: (t) => ({
    toolCallId: t.exposeID('toolCallId'),
    turnId: t.exposeID('turnId'),
    toolName: t.exposeString('toolName'),
    toolArgs: t.expose('toolArgs', { type: 'JSON', nullable: true }),
    outputSummary: t.exposeString('outputSummary', {
      nullable: true,
      description: 'A short summary of what the tool returned.',
    }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    isError: t.exposeBoolean('isError'),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
  }),
});
