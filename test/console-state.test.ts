/**
 * The console's pure state (console/turn-state.ts, session-list.ts,
 * activity-counters.ts): a turn assembled from events, a replayed or repeated event
 * applied once, history merged with a turn still running, the sidebar's updates, and
 * the admin's counters.
 */
import { describe, expect, it } from 'vitest';
import { countersAt, emptyTally, observe } from '../console/activity-counters.js';
import { applyUpdate, type SessionItem } from '../console/session-list.js';
import {
  applyEvent,
  EMPTY,
  fromHistory,
  runningTurn,
  type TurnEvent,
} from '../console/turn-state.js';

const at = '2026-01-01T00:00:00.000Z';
const base = (seq: number) => ({ seq, turnId: 't1', at });
const turnEvents: TurnEvent[] = [
  {
    __typename: 'TurnStartedEvent',
    ...base(1),
    userMessage: { id: 'm1', content: 'what is 2+3*4?' },
  },
  { __typename: 'ReasoningEvent', ...base(2), content: 'use the calculator', source: 'plan' },
  {
    __typename: 'ToolStartEvent',
    ...base(3),
    toolCallId: 'c1',
    toolName: 'calculator',
    toolArgs: { expression: '2+3*4' },
  },
  { __typename: 'ToolProgressEvent', ...base(4), toolCallId: 'c1', progress: 'parsing' },
  {
    __typename: 'ToolEndEvent',
    ...base(5),
    toolCallId: 'c1',
    toolName: 'calculator',
    durationMs: 3,
    isError: false,
    outputSummary: '14',
  },
  { __typename: 'TokenEvent', ...base(6), content: 'It is ' },
  { __typename: 'TokenEvent', ...base(7), content: '14.' },
  { __typename: 'UsageEvent', ...base(8), inputTokens: 3, outputTokens: 2 },
  {
    __typename: 'DoneEvent',
    ...base(9),
    status: 'COMPLETED',
    reply: 'It is 14.',
    error: null,
    durationMs: 40,
  },
];

describe('turn-state', () => {
  it('assembles a turn from its events', () => {
    const c = turnEvents.reduce(applyEvent, EMPTY);
    expect(c.lastSeq).toBe(9);
    expect(c.turns).toHaveLength(1);
    expect(c.turns[0]).toMatchObject({
      userText: 'what is 2+3*4?',
      reasoning: ['use the calculator'],
      reply: 'It is 14.',
      streamed: 'It is 14.',
      status: 'COMPLETED',
      usage: { inputTokens: 3, outputTokens: 2 },
      tools: [{ toolName: 'calculator', progress: ['parsing'], durationMs: 3, output: '14' }],
    });
    expect(runningTurn(c)).toBeUndefined();
  });

  it('applies an event once: a resumed stream that repeats some changes nothing twice', () => {
    const partial = turnEvents.slice(0, 6).reduce(applyEvent, EMPTY);
    expect(runningTurn(partial)?.reply).toBe('It is ');
    // Resumed from an older seq (a replay overlapping what was seen).
    const resumed = turnEvents.slice(3).reduce(applyEvent, partial);
    expect(resumed.turns[0]).toMatchObject({ streamed: 'It is 14.', reply: 'It is 14.' });
    expect(resumed.turns[0]!.tools[0]!.progress).toEqual(['parsing']);
  });

  it('continues a running turn from history (user message stored, pending approval)', () => {
    const c = fromHistory({
      id: 's1',
      title: 'x',
      status: 'AWAITING_APPROVAL',
      lastEventSeq: 0,
      messages: {
        edges: [
          {
            node: {
              id: 'm1',
              role: 'USER',
              content: 'remember Tom',
              turnId: 't1',
              status: null,
              error: null,
              durationMs: null,
              usage: null,
              toolCalls: [],
            },
          },
        ],
      },
      pendingApprovals: [
        {
          id: 'a1',
          turnId: 't1',
          toolCallId: 'c1',
          toolName: 'memory_store',
          toolArgs: { content: 'Tom' },
          reason: null,
          expiresAt: at,
        },
      ],
    });
    expect(c.turns[0]).toMatchObject({
      userText: 'remember Tom',
      status: 'RUNNING',
      tools: [{ toolName: 'memory_store', approval: { approvalId: 'a1', status: 'PENDING' } }],
    });
    const resolved = applyEvent(c, {
      __typename: 'ToolApprovalResolvedEvent',
      ...base(3),
      approvalId: 'a1',
      toolCallId: 'c1',
      decision: 'APPROVED',
      resolvedBy: 'alice',
    });
    expect(resolved.turns[0]!.tools[0]!.approval?.status).toBe('APPROVED');
  });
});

const session = (id: string, updatedAt: string, status = 'IDLE'): SessionItem => ({
  id,
  userId: 'alice',
  title: id,
  status: status as SessionItem['status'],
  messageCount: 2,
  updatedAt,
  usage: { inputTokens: 1, outputTokens: 1 },
  pendingApprovals: [],
});

describe('session-list', () => {
  it('adds, replaces (newest first) and removes sessions', () => {
    let list = [session('a', '2026-01-01T00:00:01Z')];
    list = applyUpdate(list, {
      change: 'CREATED',
      sessionId: 'b',
      session: session('b', '2026-01-01T00:00:02Z'),
    });
    expect(list.map((s) => s.id)).toEqual(['b', 'a']);
    list = applyUpdate(list, {
      change: 'UPDATED',
      sessionId: 'a',
      session: session('a', '2026-01-01T00:00:03Z', 'RUNNING'),
    });
    expect(list.map((s) => [s.id, s.status])).toEqual([
      ['a', 'RUNNING'],
      ['b', 'IDLE'],
    ]);
    list = applyUpdate(list, { change: 'DELETED', sessionId: 'a', session: null });
    expect(list.map((s) => s.id)).toEqual(['b']);
  });
});

describe('activity-counters', () => {
  it('counts running turns, turns and tokens in the last minute, and tool errors', () => {
    const tally = emptyTally();
    const t0 = Date.parse(at);
    const iso = (ms: number) => new Date(t0 + ms).toISOString();
    observe(tally, { sessionId: 's', at: iso(0), change: 'CREATED', status: 'IDLE', tokens: 100 });
    observe(tally, {
      sessionId: 's',
      at: iso(10),
      change: 'UPDATED',
      status: 'RUNNING',
      tokens: 100,
    });
    expect(countersAt(tally, t0 + 20)).toEqual({
      running: 1,
      turnsPerMinute: 1,
      tokensPerMinute: 0,
      toolErrors: 0,
    });
    observe(tally, {
      sessionId: 's',
      at: iso(30),
      change: 'UPDATED',
      status: 'IDLE',
      tokens: 130,
      toolCalls: [
        { toolCallId: 'c1', isError: true },
        { toolCallId: 'c2', isError: false },
      ],
    });
    expect(countersAt(tally, t0 + 40)).toEqual({
      running: 0,
      turnsPerMinute: 1,
      tokensPerMinute: 30,
      toolErrors: 1,
    });
    // A minute later the turn and its tokens have left the window; the error stays counted.
    expect(countersAt(tally, t0 + 61_000)).toEqual({
      running: 0,
      turnsPerMinute: 0,
      tokensPerMinute: 0,
      toolErrors: 1,
    });
  });
});
