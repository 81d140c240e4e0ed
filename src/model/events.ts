/**
 * The runtime's event vocabulary. GraphQL-agnostic: the schema maps each `type` to a
 * member of the SessionEvent union. `seq`, `sessionId`, `turnId` and `at` are stamped
 * by the turn runner; agents emit only the body.
 */
import type {
  ApprovalDecision,
  MessageDoc,
  TokenUsage,
  ToolCallSummary,
  TurnStatus,
} from './documents.js';

/** The tool calls a DoneEvent carries (defined with the stored ToolCallDoc). */
export type { ToolCallSummary };

export type EventBody =
  /** The first event of a turn: the user's message, stored before the agent runs. */
  | { type: 'turnStarted'; userMessage: MessageDoc }
  | { type: 'token'; content: string }
  | { type: 'toolStart'; toolCallId: string; toolName: string; toolArgs: unknown }
  | {
      type: 'toolProgress';
      toolCallId: string;
      toolName: string;
      progress: string;
      tabId?: string | null;
      context?: unknown;
    }
  | {
      type: 'toolEnd';
      toolCallId: string;
      toolName: string;
      durationMs: number;
      isError: boolean;
      outputSummary: string;
    }
  | {
      type: 'memory';
      action: 'RECALL' | 'STORE';
      query: string | null;
      count: number;
      source: string;
      /** The memory stored, on a STORE into `memories`. */
      memoryId?: string | null;
    }
  | {
      type: 'toolApprovalRequest';
      approvalId: string;
      toolCallId: string;
      toolName: string;
      toolArgs: unknown;
      reason: string | null;
      expiresAt: Date;
    }
  | {
      type: 'toolApprovalResolved';
      approvalId: string;
      toolCallId: string;
      toolName: string;
      decision: ApprovalDecision['status'];
      resolvedBy: string | null;
      reason: string | null;
    }
  | ({ type: 'usage' } & TokenUsage)
  | { type: 'reasoning'; content: string; source: string }
  | {
      type: 'done';
      status: TurnStatus;
      reply: string;
      error: string | null;
      phase: string | null;
      projectTag: string | null;
      seedId: string | null;
      evaluationPassed: boolean | null;
      /** Always a number (DoneEvent.durationMs is Int!): 0 when nothing was measured. */
      durationMs: number;
      toolCalls: ToolCallSummary[];
    };

export type EventType = EventBody['type'];

export interface EventEnvelope {
  seq: number;
  sessionId: string;
  turnId: string;
  at: Date;
  /** The session's incarnation (SessionDoc.incarnation); absent on events stored before it existed. */
  incarnation?: string;
}

/** A stamped event, as stored in the event log and published to subscribers. */
export type SessionEvent = EventEnvelope & EventBody;

/** What an agent may emit: every body but `turnStarted` and `done`, which only the turn runner writes. */
export type AgentEventBody = Exclude<EventBody, { type: 'done' | 'turnStarted' }>;

/** What a running turn emits: the agent's bodies and its own first event. */
export type RunningTurnBody = Exclude<EventBody, { type: 'done' }>;
