/**
 * A session's conversation as the page draws it: its turns, each assembled from the
 * stored history and then from sessionEvents as they arrive. Pure functions of plain
 * data (no DOM), so the rules below are testable on their own:
 * - an event at or below the last seq applied is dropped: a resumed subscription
 *   (afterSeq) or an overlap with the history never shows a token twice;
 * - the DoneEvent's reply replaces the streamed one: it is the stored whole.
 */
import type { ConversationQuery, TurnEventsSubscription } from './gql/graphql.js';

export type TurnEvent = TurnEventsSubscription['sessionEvents'];
type History = NonNullable<ConversationQuery['session']>;

export interface Approval {
  approvalId: string;
  status: string;
  expiresAt?: string;
}

export interface ToolRow {
  toolCallId: string;
  toolName: string;
  args: unknown;
  progress: string[];
  startedAt?: string;
  durationMs?: number | null;
  isError?: boolean;
  output?: string | null;
  approval?: Approval;
}

export interface MemoryNote {
  action: string;
  source: string;
  count: number;
  query?: string | null;
}

export interface Turn {
  turnId: string;
  userText: string;
  reply: string;
  /** The TokenEvents as they came; equal to `reply` at the end unless one went missing. */
  streamed: string;
  reasoning: string[];
  tools: ToolRow[];
  memories: MemoryNote[];
  usage?: { inputTokens: number; outputTokens: number } | null;
  /** RUNNING until the DoneEvent (or the stored agent message) says how it ended. */
  status: string;
  error?: string | null;
  durationMs?: number | null;
}

export interface Conversation {
  turns: Turn[];
  /** The highest seq applied; events at or below it are already in `turns`. */
  lastSeq: number;
}

export const EMPTY: Conversation = { turns: [], lastSeq: 0 };

const newTurn = (turnId: string, userText = ''): Turn => ({
  turnId,
  userText,
  reply: '',
  streamed: '',
  reasoning: [],
  tools: [],
  memories: [],
  status: 'RUNNING',
});

/** The stored history: a user and an agent message per turn, plus what still waits. */
export function fromHistory(session: History): Conversation {
  const byTurn = new Map<string, Turn>();
  for (const { node } of session.messages.edges) {
    const turn = byTurn.get(node.turnId) ?? newTurn(node.turnId);
    byTurn.set(node.turnId, turn);
    if (node.role === 'USER') {
      turn.userText = node.content;
      continue;
    }
    Object.assign(turn, {
      reply: node.content,
      streamed: node.content,
      status: node.status ?? 'COMPLETED',
      error: node.error,
      durationMs: node.durationMs,
      usage: node.usage,
    });
    turn.tools = node.toolCalls.map((call) => ({
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      args: call.toolArgs,
      progress: [],
      durationMs: call.durationMs,
      isError: call.isError,
      output: call.outputSummary,
    }));
  }
  let conversation: Conversation = { turns: [...byTurn.values()], lastSeq: session.lastEventSeq };
  for (const approval of session.pendingApprovals) {
    conversation = updateTurn(conversation, approval.turnId, (turn) => ({
      ...turn,
      tools: upsertTool(turn.tools, approval.toolCallId, approval.toolName, (row) => ({
        ...row,
        args: approval.toolArgs,
        approval: { approvalId: approval.id, status: 'PENDING', expiresAt: approval.expiresAt },
      })),
    }));
  }
  return conversation;
}

function updateTurn(c: Conversation, turnId: string, change: (t: Turn) => Turn): Conversation {
  const index = c.turns.findIndex((t) => t.turnId === turnId);
  const turns = [...c.turns];
  if (index < 0) turns.push(change(newTurn(turnId)));
  else turns[index] = change(turns[index]!);
  return { ...c, turns };
}

function upsertTool(
  tools: ToolRow[],
  toolCallId: string,
  toolName: string,
  change: (row: ToolRow) => ToolRow,
): ToolRow[] {
  const index = tools.findIndex((t) => t.toolCallId === toolCallId);
  if (index < 0) return [...tools, change({ toolCallId, toolName, args: null, progress: [] })];
  const next = [...tools];
  next[index] = change(next[index]!);
  return next;
}

/** One event of sessionEvents applied; a repeated or older one changes nothing. */
export function applyEvent(c: Conversation, event: TurnEvent): Conversation {
  if (!('seq' in event) || event.seq <= c.lastSeq) return c;
  const next = updateTurn(c, event.turnId, (turn) => applyToTurn(turn, event));
  return { ...next, lastSeq: event.seq };
}

function applyToTurn(turn: Turn, e: TurnEvent): Turn {
  const tool = (id: string, name: string, change: (row: ToolRow) => ToolRow) => ({
    ...turn,
    tools: upsertTool(turn.tools, id, name, change),
  });
  switch (e.__typename) {
    case 'TurnStartedEvent':
      return { ...turn, userText: e.userMessage.content };
    case 'ReasoningEvent':
      return { ...turn, reasoning: [...turn.reasoning, e.content] };
    case 'TokenEvent':
      return { ...turn, reply: turn.reply + e.content, streamed: turn.streamed + e.content };
    case 'ToolStartEvent':
      return tool(e.toolCallId, e.toolName, (r) => ({ ...r, args: e.toolArgs, startedAt: e.at }));
    case 'ToolProgressEvent':
      return tool(e.toolCallId, '', (r) => ({ ...r, progress: [...r.progress, e.progress] }));
    case 'ToolEndEvent':
      return tool(e.toolCallId, e.toolName, (r) => ({
        ...r,
        durationMs: e.durationMs,
        isError: e.isError,
        output: e.outputSummary,
      }));
    case 'ToolApprovalRequestEvent':
      return tool(e.toolCallId, e.toolName, (r) => ({
        ...r,
        args: e.toolArgs,
        approval: { approvalId: e.approvalId, status: 'PENDING', expiresAt: e.expiresAt },
      }));
    case 'ToolApprovalResolvedEvent':
      return tool(e.toolCallId, '', (r) => ({
        ...r,
        approval: { approvalId: e.approvalId, status: e.decision },
      }));
    case 'MemoryEvent':
      return { ...turn, memories: [...turn.memories, e] };
    case 'UsageEvent':
      return { ...turn, usage: { inputTokens: e.inputTokens, outputTokens: e.outputTokens } };
    case 'DoneEvent':
      return {
        ...turn,
        status: e.status,
        reply: e.reply,
        error: e.error,
        durationMs: e.durationMs,
      };
    default:
      return turn;
  }
}

/** The turn still running, if any (the one the stop button cancels). */
export function runningTurn(c: Conversation): Turn | undefined {
  return c.turns.findLast((t) => t.status === 'RUNNING');
}
