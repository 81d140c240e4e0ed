import type { ToolCallSummary } from '../model/documents.js';
import { builder } from './builder.js';

/** A stored ToolCallDoc, or a DoneEvent's summary with its event's turn. */
type ToolCallShape = ToolCallSummary & { turnId: string };

export const ToolCallRef = builder.objectRef<ToolCallShape>('ToolCall').implement({
  description: 'One tool call of a turn: the trajectory step the agent took.',
  fields: (t) => ({
    toolCallId: t.exposeID('toolCallId', {
      description: "The call's id, as in its ToolStartEvent, ToolProgressEvent and ToolEndEvent.",
    }),
    turnId: t.exposeID('turnId', { description: 'The turn that made the call.' }),
    toolName: t.exposeString('toolName', { description: 'The tool, e.g. `calculator`.' }),
    toolArgs: t.expose('toolArgs', {
      type: 'JSON',
      nullable: true,
      description: 'The arguments the agent passed.',
    }),
    outputSummary: t.exposeString('outputSummary', {
      nullable: true,
      description: 'A short summary of what the tool returned.',
    }),
    durationMs: t.exposeInt('durationMs', {
      nullable: true,
      description: 'How long the call ran, in ms; null when it never ended (interrupted).',
    }),
    isError: t.exposeBoolean('isError', {
      description: 'True when the tool failed or was interrupted.',
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime', description: 'When the call started.' }),
  }),
});
