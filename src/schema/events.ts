/**
 * The SessionEvent union streamed by sessionEvents. Every member implements
 * TurnEvent; the runtime's `type` field picks the member.
 */

import type { EventType, SessionEvent } from '../model/events.js';
import { approvalEvents } from './approval-events.js';
import { builder } from './builder.js';
import { turnEndFields } from './turn-result.js';
import { turnStartedEvent } from './turn-started-event.js';

type EventOf<T extends EventType> = Extract<SessionEvent, { type: T }>;

const TurnEventRef = builder.interfaceRef<SessionEvent>('TurnEvent').implement({
  description: 'What every event of a turn carries.',
  fields: (t) => ({
    seq: t.exposeInt('seq', {
      description: 'Per session, from 1, strictly increasing, no gaps. Resume with afterSeq.',
    }),
    sessionId: t.exposeID('sessionId', { description: 'The session the turn belongs to.' }),
    turnId: t.exposeID('turnId', {
      description: 'The turn: the id sendChat and startChat returned, and cancelChat takes.',
    }),
    at: t.expose('at', { type: 'DateTime', description: 'When the event happened.' }),
  }),
});

const MemoryActionEnum = builder.enumType('MemoryAction', {
  description: 'What the agent did with its memory.',
  values: {
    RECALL: { description: "Looked up the user's memories or the session's earlier messages." },
    STORE: { description: 'Kept something for later turns, in any session (see memoryId).' },
  },
});

const TokenEvent = builder.objectRef<EventOf<'token'>>('TokenEvent').implement({
  description: 'A piece of the reply, in order; concatenated they are the reply.',
  interfaces: [TurnEventRef],
  fields: (t) => ({ content: t.exposeString('content', { description: 'The piece of text.' }) }),
});

const ToolStartEvent = builder.objectRef<EventOf<'toolStart'>>('ToolStartEvent').implement({
  description: 'The agent called a tool; its progress and end follow with the same toolCallId.',
  interfaces: [TurnEventRef],
  fields: (t) => ({
    toolCallId: t.exposeID('toolCallId', {
      description: 'Ties the start, progress and end of one call (and its ToolCall) together.',
    }),
    toolName: t.exposeString('toolName', { description: 'The tool, e.g. `calculator`.' }),
    toolArgs: t.expose('toolArgs', {
      type: 'JSON',
      nullable: true,
      description: 'The arguments the agent passed, as the tool received them.',
    }),
  }),
});

const ToolProgressEvent = builder
  .objectRef<EventOf<'toolProgress'>>('ToolProgressEvent')
  .implement({
    description: 'A step of a running tool call, in order, between its start and its end.',
    interfaces: [TurnEventRef],
    fields: (t) => ({
      toolCallId: t.exposeID('toolCallId', { description: 'The call this step belongs to.' }),
      toolName: t.exposeString('toolName', { description: 'The tool that is running.' }),
      progress: t.exposeString('progress', { description: 'What the tool is doing, in words.' }),
      tabId: t.exposeID('tabId', {
        nullable: true,
        description:
          'The browser tab the step happened in, for tools that work in tabs (no built-in tool does); else null.',
      }),
      context: t.expose('context', {
        type: 'JSON',
        nullable: true,
        description: 'Tool-specific facts about the step; null when the tool gives none.',
      }),
    }),
  });

const ToolEndEvent = builder.objectRef<EventOf<'toolEnd'>>('ToolEndEvent').implement({
  description: 'A tool call ended, with a result or an error.',
  interfaces: [TurnEventRef],
  fields: (t) => ({
    toolCallId: t.exposeID('toolCallId', { description: 'The call that ended.' }),
    toolName: t.exposeString('toolName', { description: 'The tool that ran.' }),
    durationMs: t.exposeInt('durationMs', { description: 'How long the call ran, in ms.' }),
    isError: t.exposeBoolean('isError', { description: 'True when the tool failed.' }),
    outputSummary: t.exposeString('outputSummary', {
      description: 'A short summary of what the tool returned, or of its error.',
    }),
  }),
});

const MemoryEvent = builder.objectRef<EventOf<'memory'>>('MemoryEvent').implement({
  description: 'The agent used its memory (e.g. the memory_recall tool searched the session).',
  interfaces: [TurnEventRef],
  fields: (t) => ({
    action: t.expose('action', { type: MemoryActionEnum, description: 'Recall or store.' }),
    query: t.exposeString('query', {
      nullable: true,
      description: 'What was looked up, on a RECALL; null otherwise.',
    }),
    count: t.exposeInt('count', { description: 'How many memories were found or stored.' }),
    source: t.exposeString('source', {
      description: 'Where the memories come from: `memories` or `session-history`.',
    }),
    memoryId: t.exposeID('memoryId', {
      nullable: true,
      description: 'The memory stored, on a STORE into `memories`; null otherwise.',
    }),
  }),
});

const UsageEvent = builder.objectRef<EventOf<'usage'>>('UsageEvent').implement({
  description: 'Token usage so far, cumulative for the turn.',
  interfaces: [TurnEventRef],
  fields: (t) => ({
    inputTokens: t.exposeInt('inputTokens', { description: 'Tokens read by the model so far.' }),
    outputTokens: t.exposeInt('outputTokens', {
      description: 'Tokens written by the model so far.',
    }),
  }),
});

const ReasoningEvent = builder.objectRef<EventOf<'reasoning'>>('ReasoningEvent').implement({
  description: "The agent's reasoning or plan, shown before or between its actions.",
  interfaces: [TurnEventRef],
  fields: (t) => ({
    content: t.exposeString('content', { description: 'The reasoning, in words.' }),
    source: t.exposeString('source', { description: '`plan` (local agent) or `model`.' }),
  }),
});

const DoneEvent = builder.objectRef<EventOf<'done'>>('DoneEvent').implement({
  description: 'Always the last event of a turn.',
  interfaces: [TurnEventRef],
  fields: (t) => ({
    ...turnEndFields(
      t,
      {
        reply: 'The whole reply (the TokenEvents concatenated); partial on FAILED or CANCELLED.',
        error: 'Why the turn failed or was stopped; null when COMPLETED.',
      },
      (event) => event.turnId,
    ),
    durationMs: t.int({
      description: 'How long the turn ran, in ms (0 when nothing was measured).',
      // DoneEvents stored before this was always a number may hold null.
      resolve: (event) => event.durationMs ?? 0,
    }),
  }),
});

const memberOf: Record<EventType, string> = {
  turnStarted: 'TurnStartedEvent',
  token: 'TokenEvent',
  toolStart: 'ToolStartEvent',
  toolProgress: 'ToolProgressEvent',
  toolEnd: 'ToolEndEvent',
  memory: 'MemoryEvent',
  toolApprovalRequest: 'ToolApprovalRequestEvent',
  toolApprovalResolved: 'ToolApprovalResolvedEvent',
  usage: 'UsageEvent',
  reasoning: 'ReasoningEvent',
  done: 'DoneEvent',
};

export const SessionEventUnion = builder.unionType('SessionEvent', {
  description: 'One step of a turn, as streamed by sessionEvents.',
  types: [
    turnStartedEvent(TurnEventRef),
    TokenEvent,
    ToolStartEvent,
    ToolProgressEvent,
    ToolEndEvent,
    MemoryEvent,
    ...approvalEvents(TurnEventRef),
    UsageEvent,
    ReasoningEvent,
    DoneEvent,
  ],
  resolveType: (event) => memberOf[event.type],
});
