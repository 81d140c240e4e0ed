/** The shapes the turn runner takes and gives. */
import type { Logger } from 'pino';
import type { SessionDoc, ToolCallDoc, TurnStatus } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import type { Agent, AgentResult } from '../agents/agent.js';
import type { ApprovalPolicy } from '../approvals/policy.js';
import type { ApprovalWaiters } from '../approvals/waiters.js';
import type { EventBus } from '../fanout/bus.js';
import type { LeaseOptions } from '../leases/lease.js';
import type { TurnRegistry } from './registry.js';

export interface TurnRequest {
  userId: string;
  content: string;
  /** Absent: a new session. An id that does not exist yet creates that session. */
  sessionId?: string | null;
  projectId?: string | null;
}

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
  /** Called when a turn's request created its session (the viewer feed hooks in here). */
  onSessionCreated?: (session: SessionDoc) => void;
}
