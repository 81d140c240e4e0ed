/** The shapes the turn runner takes and gives. */
import type { Logger } from 'pino';
import type { MessageDoc, SessionDoc, ToolCallDoc, TurnStatus } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import type { Agent, AgentResult } from '../agents/agent.js';
import type { ApprovalPolicy } from '../approvals/policy.js';
import type { ApprovalWaiters } from '../approvals/waiters.js';
import type { EventBus } from '../fanout/bus.js';
import type { LeaseOptions } from '../leases/lease.js';
import type { TurnRegistry } from './registry.js';
import type { EventLog } from './turn.js';

export interface TurnRequest {
  userId: string;
  content: string;
  /** Absent: a new session. An id that does not exist yet creates that session. */
  sessionId?: string | null;
  projectId?: string | null;
  /** Where the turn goes in the message tree; absent: a new message after the active leaf. */
  placement?: TurnPlacement;
  /** What happens when the session is busy (a turn runs or waits); absent: ENQUEUE. */
  onBusy?: BusyPolicy;
}

/**
 * `edit`: a new user message under `parentId` (beside the edited one); `regenerate`: no
 * new user message, the turn answers `userMessage` again (its reply beside the old ones).
 */
export type TurnPlacement =
  | { kind: 'edit'; parentId: string | null }
  | { kind: 'regenerate'; userMessage: MessageDoc };

/** ENQUEUE: wait in line; REJECT: SESSION_BUSY at once; INTERRUPT: cancel what runs or waits, then run. */
export type BusyPolicy = 'ENQUEUE' | 'REJECT' | 'INTERRUPT';

export interface TurnOutcome {
  turnId: string;
  sessionId: string;
  status: TurnStatus;
  reply: string;
  error: string | null;
  durationMs: number;
  usage: { inputTokens: number; outputTokens: number };
  toolCalls: ToolCallDoc[];
  result: Partial<AgentResult>;
  /** The session right after the turn settled; absent for a turn that never ran here. */
  session?: SessionDoc | null;
}

export interface StartedTurn {
  turnId: string;
  sessionId: string;
  session: SessionDoc;
  /** No event of this turn has a lower seq; exact when the session was idle. */
  firstSeq: number;
  done: Promise<TurnOutcome>;
}

export interface TurnRunnerOptions {
  store: Store;
  bus: EventBus;
  agent: Agent;
  logger: Logger;
  queueLimit: number;
  lease: Pick<LeaseOptions, 'owner' | 'leaseMs' | 'pollMs'>;
  registry: TurnRegistry;
  /** Which tool calls wait for a person, and this instance's waiting ones. */
  approvals: { policy: ApprovalPolicy; waiters: ApprovalWaiters };
  /** Called after every turn with its session's user (the auto-pruner hooks in here). */
  afterTurn?: (userId: string) => void;
  /** Each DoneEvent (of a turn here, or of a dead one closed here) with the session it left. */
  onTurnSettled?: EventLog['onSettled'];
  /** Called when a turn's request created its session (the viewer feed hooks in here). */
  onSessionCreated?: (session: SessionDoc) => void;
}

/** A turn of this instance, running or queued: how to cancel it, whose it is, its end. */
export type RunningHere = { controller: AbortController; userId: string; done: Promise<unknown> };
