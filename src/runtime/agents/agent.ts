/**
 * The Agent interface: the one seam between Parley and whatever produces replies.
 * An agent emits event bodies (tokens, tool steps, memory, usage, reasoning) and
 * resolves with its result; the turn runner stamps, stores and publishes them and
 * writes the DoneEvent itself.
 */
import type {
  ApprovalDecision,
  MemoryDoc,
  MessageDoc,
  MessageRole,
  TokenUsage,
} from '../../model/documents.js';
import type { AgentEventBody } from '../../model/events.js';

export interface TurnInput {
  turnId: string;
  sessionId: string;
  userId: string;
  content: string;
}

export interface HistoryMessage {
  role: MessageRole;
  content: string;
}

/** A tool call as the agent makes it, before it runs. */
export interface ToolCallRequest {
  /** Unique within the turn. */
  toolCallId: string;
  toolName: string;
  toolArgs: unknown;
}

/** How a person (or the clock) answered a tool call's approval; APPROVED for calls that need none. */
export type ToolDecision = Pick<ApprovalDecision, 'status' | 'resolvedBy' | 'decisionReason'>;

/**
 * Every tool call passes the turn's gate before it runs (runtime/approvals/gate.ts):
 * a call whose tool needs a person's approval is stored as a PENDING approval and
 * announced (ToolApprovalRequestEvent) before `request` resolves; `decided` settles
 * with the decision, and rejects when the turn is cancelled. A turn may have several
 * requests waiting at once; each is decided on its own.
 */
export interface ToolGate {
  request(call: ToolCallRequest): Promise<{ decided: Promise<ToolDecision> }>;
}

/**
 * What the runtime offers agents' tools: access scoped to the turn's session and
 * user, and the gate every tool call passes.
 */
export interface ToolContext {
  /** The user's earlier messages in this session (other turns) containing every query word. */
  recall(query: string): Promise<MessageDoc[]>;
  /** The session's `limit` latest messages before this turn (empty ones skipped), oldest first. */
  history(limit: number): Promise<HistoryMessage[]>;
  /**
   * The user's long-term memories (every session) containing every query word: the
   * newest (a bounded list) and how many match in all.
   */
  recallMemories(query: string): Promise<{ memories: MemoryDoc[]; count: number }>;
  /** Stores a long-term memory of the user's, from this turn. */
  storeMemory(content: string): Promise<MemoryDoc>;
  gate: ToolGate;
}

export type Emit = (body: AgentEventBody) => void;

export interface AgentResult {
  reply: string;
  usage: TokenUsage;
  phase?: string | null;
  seedId?: string | null;
  evaluationPassed?: boolean | null;
  projectTag?: string | null;
}

export interface Agent {
  readonly name: string;
  /** Rejects with an AbortError when `signal` aborts. */
  run(turn: TurnInput, tools: ToolContext, emit: Emit, signal: AbortSignal): Promise<AgentResult>;
}

/**
 * Sleeps, rejecting early with the signal's reason when aborted. A delay of 0 still
 * yields to the event loop (setImmediate): a tight token loop that only awaited
 * resolved promises would starve every socket of the process until the turn ended.
 */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) {
    return new Promise((resolve, reject) =>
      setImmediate(() => (signal.aborted ? reject(signal.reason) : resolve())),
    );
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
