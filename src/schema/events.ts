/**
 * The SessionEvent union streamed by sessionEvents. Every member implements
 * TurnEvent; the runtime's `type` field picks the member.
 */
import { eventOrError, subscribeSessionEvents } from '../resolvers/events.js';
import type { EventType, SessionEvent } from '../runtime/events.js';
import { builder } from './builder.js';
import { TurnStatusEnum } from './common.js';
import { ToolCallRef } from './tool-call.js';

type EventOf<T extends EventType> = Extract<SessionEvent, { type: T }>;

const TurnEventRef = builder.interfaceRef<SessionEvent>('TurnEvent').implement({
  description: 'What every event of a turn carries.',
  fields: (t) => ({
    seq: t.exposeInt('seq', {
      description: 'Per session, from 1, strictly increasing, no gaps. Resume with afterSeq.',
    }),
    sessionId: t.exposeID('sessionId'),
    turnId: t.exposeID('turnId'),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const MemoryActionEnum = builder.enumType('MemoryAction', { values: ['RECALL', 'STORE'] as const });

const TokenEvent = builder.objectRef<EventOf<'token'>>('TokenEvent').implement({
  description: 'A piece of the reply, in order; concatenated they are the reply.',
  interfaces: [TurnEventRef],
  fields: (t) => ({ content: t.exposeString('content') }),
});

const ToolStartEvent = builder.objectRef<EventOf<'toolStart'>>('ToolStartEvent').implement({
  interfaces: [TurnEventRef],
  fields: (t) => ({
    toolCallId: t.exposeID('toolCallId'),
    toolName: t.exposeString('toolName'),
    toolArgs: t.expose('toolArgs', { type: 'JSON', nullable: true }),
  }),
});

const ToolProgressEvent = builder
  .objectRef<EventOf<'toolProgress'>>('ToolProgressEvent')
  .implement({
    interfaces: [TurnEventRef],
    fields: (t) => ({
      toolCallId: t.exposeID('toolCallId'),
      toolName: t.exposeString('toolName'),
      progress: t.exposeString('progress'),
      tabId: t.exposeID('tabId', { nullable: true }),
      context: t.expose('context', { type: 'JSON', nullable: true }),
    }),
  });

const ToolEndEvent = builder.objectRef<EventOf<'toolEnd'>>('ToolEndEvent').implement({
  interfaces: [TurnEventRef],
  fields: (t) => ({
    toolCallId: t.exposeID('toolCallId'),
    toolName: t.exposeString('toolName'),
    durationMs: t.exposeInt('durationMs'),
    isError: t.exposeBoolean('isError'),
    outputSummary: t.exposeString('outputSummary'),
  }),
});

const MemoryEvent = builder.objectRef<EventOf<'memory'>>('MemoryEvent').implement({
  interfaces: [TurnEventRef],
  fields: (t) => ({
    action: t.expose('action', { type: MemoryActionEnum }),
    query: t.exposeString('query', { nullable: true }),
    count: t.exposeInt('count'),
    source: t.exposeString('source'),
  }),
});

const UsageEvent = builder.objectRef<EventOf<'usage'>>('UsageEvent').implement({
  description: 'Token usage so far, cumulative for the turn.',
  interfaces: [TurnEventRef],
  fields: (t) => ({
    inputTokens: t.exposeInt('inputTokens'),
    outputTokens: t.exposeInt('outputTokens'),
  }),
});

const ReasoningEvent = builder.objectRef<EventOf<'reasoning'>>('ReasoningEvent').implement({
  interfaces: [TurnEventRef],
  fields: (t) => ({
    content: t.exposeString('content'),
    source: t.exposeString('source', { description: '`plan` (local agent) or `model`.' }),
  }),
});

const DoneEvent = builder.objectRef<EventOf<'done'>>('DoneEvent').implement({
  description: 'Always the last event of a turn.',
  interfaces: [TurnEventRef],
  fields: (t) => ({
    status: t.expose('status', { type: TurnStatusEnum }),
    reply: t.exposeString('reply'),
    error: t.exposeString('error', { nullable: true }),
    phase: t.exposeString('phase', { nullable: true }),
    projectTag: t.exposeString('projectTag', { nullable: true }),
    seedId: t.exposeID('seedId', { nullable: true }),
    evaluationPassed: t.exposeBoolean('evaluationPassed', { nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    toolCalls: t.field({
      type: [ToolCallRef],
      resolve: (event) => event.toolCalls.map((call) => ({ ...call, turnId: event.turnId })),
    }),
  }),
});

const memberOf: Record<EventType, string> = {
  token: 'TokenEvent',
  toolStart: 'ToolStartEvent',
  toolProgress: 'ToolProgressEvent',
  toolEnd: 'ToolEndEvent',
  memory: 'MemoryEvent',
  usage: 'UsageEvent',
  reasoning: 'ReasoningEvent',
  done: 'DoneEvent',
};

export const SessionEventUnion = builder.unionType('SessionEvent', {
  description: 'One step of a turn, as streamed by sessionEvents.',
  types: [
    TokenEvent,
    ToolStartEvent,
    ToolProgressEvent,
    ToolEndEvent,
    MemoryEvent,
    UsageEvent,
    ReasoningEvent,
    DoneEvent,
  ],
  resolveType: (event) => memberOf[event.type],
});

builder.subscriptionField('sessionEvents', (t) =>
  t.field({
    type: SessionEventUnion,
    description:
      'afterSeq absent: live events only. afterSeq = n: first every stored event with seq > n, in order, then live ones; never a gap or a duplicate.',
    args: {
      sessionId: t.arg.id({ required: true }),
      afterSeq: t.arg.int({ required: false }),
    },
    subscribe: (_root, { sessionId, afterSeq }, ctx) =>
      subscribeSessionEvents(ctx, sessionId, afterSeq),
    resolve: (item) => eventOrError(item) as SessionEvent,
  }),
);
