/**
 * The MongoDB document shapes (docs/architecture.md, "MongoDB documents"). Both Store
 * implementations hold exactly these shapes, so the in-memory store is a faithful
 * stand-in for MongoDB in the contract suite.
 */

export type MessageRole = 'USER' | 'AGENT';
export type TurnStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The running turn's claim on a session: whoever holds an unexpired lease may write events. */
export interface Lease {
  turnId: string;
  owner: string;
  until: Date;
}

export interface SessionDoc {
  _id: string;
  userId: string;
  projectId: string | null;
  title: string | null;
  /** True once the title was set by renameSession, so the first message no longer names it. */
  titleLocked: boolean;
  createdAt: Date;
  updatedAt: Date;
  messageCount: number;
  usage: TokenUsage;
  metadata: Record<string, unknown>;
  /** The seq the session's next event gets (events are numbered from 1). */
  nextSeq: number;
  lease: Lease | null;
  /**
   * Made anew each time the id is created: events carry it, so a subscription to a
   * deleted session never sees the events of a new session that reuses its id.
   * Absent on sessions stored before it existed (their events lack it too).
   */
  incarnation?: string;
  /**
   * The last message of the branch in view (every appended message becomes it;
   * switchBranch moves it). Absent on sessions stored before branches: the newest.
   */
  activeLeafId?: string | null;
  /** True once the history forked (regenerateReply, editMessage): it is a tree to walk. */
  branched?: boolean;
}

/** Agent-only fields ride along on AGENT messages; USER messages leave them null. */
export interface AgentMeta {
  status: TurnStatus | null;
  phase: string | null;
  seedId: string | null;
  evaluationPassed: boolean | null;
  durationMs: number | null;
  usage: TokenUsage | null;
  error: string | null;
}

export interface MessageDoc extends AgentMeta {
  _id: string;
  sessionId: string;
  turnId: string;
  /** Position in the session's history, from 1; unique per session. */
  seq: number;
  role: MessageRole;
  content: string;
  createdAt: Date;
  /**
   * The message it answers or follows; null for the first. Absent on messages stored
   * before branches: the one before it (by seq).
   */
  parentId?: string | null;
}

/** A message as a node of its session's tree (what a branch walk needs, no content). */
export interface MessageNode {
  _id: string;
  seq: number;
  role: MessageRole;
  parentId?: string | null;
}

/**
 * One tool call as the agent made it: the one definition behind the tool calls a
 * DoneEvent carries, the stored ToolCallDoc and the schema's ToolCall.
 */
export interface ToolCallSummary {
  toolCallId: string;
  toolName: string;
  toolArgs: unknown;
  outputSummary: string | null;
  durationMs: number | null;
  isError: boolean;
  startedAt: Date;
}

/** A tool call of a turn, as stored: the summary and where it belongs. */
export interface ToolCallDoc extends ToolCallSummary {
  _id: string;
  sessionId: string;
  turnId: string;
  /** Order within the session's trajectory (the seq of the tool's start event). */
  seq: number;
}

/**
 * A turn waiting for its session (started, not yet holding the lease), in the
 * `queuedTurns` collection: what another instance needs to close it if its own
 * instance dies first. `owner` renews `until` while it lives (like the lease).
 */
export interface QueuedTurnDoc {
  /** The turn id. */
  _id: string;
  sessionId: string;
  userId: string;
  owner: string;
  /** The user's message, stored with the FAILED reply when the turn is closed. */
  content: string;
  /** When it was queued: turns of one session are closed in this order. */
  at: Date;
  until: Date;
  /** Cancelled while waiting: no longer in line (Session.queuedTurns, onBusy leave it out). */
  cancelled?: boolean;
  /** An edit or regenerate: closed unrun, it stores no message (its branch never began). */
  branch?: boolean;
}

/** Where a tool call's approval stands (ApprovalStatus). */
export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED';

/** How an approval was decided: by a person (APPROVED, REJECTED) or by time or the turn's end. */
export interface ApprovalDecision {
  status: Exclude<ApprovalStatus, 'PENDING'>;
  resolvedAt: Date;
  /** The user who decided; null when it expired. */
  resolvedBy: string | null;
  decisionReason: string | null;
}

/**
 * A tool call waiting for (or past) a person's approval, in `approvals`: one per
 * (turnId, toolCallId). `_id` is the approval id clients answer with.
 */
export interface ApprovalDoc {
  _id: string;
  sessionId: string;
  /** The session's owner: who may decide (and any admin). */
  userId: string;
  turnId: string;
  toolCallId: string;
  toolName: string;
  toolArgs: unknown;
  /** Why the call needs approval (the policy that asked). */
  reason: string | null;
  status: ApprovalStatus;
  requestedAt: Date;
  expiresAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  decisionReason: string | null;
}

/** A user's long-term memory, in `memories`: private to the user, kept when its session goes. */
export interface MemoryDoc {
  _id: string;
  userId: string;
  content: string;
  /** Where it was stored from; the session may since be deleted. */
  sessionId: string | null;
  turnId: string | null;
  createdAt: Date;
}
