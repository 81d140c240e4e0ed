/**
 * The one Store interface. `mongo.ts` and `memory.ts` implement it and pass the same
 * contract suite (test/store.contract.ts). Every write is a single atomic operation
 * on one document (or an insertMany/deleteMany), never load-modify-save.
 */
import { randomUUID } from 'node:crypto';
import type { Lease, MessageDoc, SessionDoc, TokenUsage, ToolCallDoc } from '../model/documents.js';
import type { SessionEvent } from '../model/events.js';
import type { KeysetPage, SessionKey, StoreSeries } from './pages.js';
import type {
  ApprovalStore,
  MessageTreeStore,
  QueuedTurnStore,
  SessionUpdateStore,
  UserMemoryStore,
} from './sub-stores.js';

export type {
  KeysetPage,
  MemoryKey,
  SeriesItems,
  SeriesName,
  SessionKey,
  SessionPage,
  SessionSeries,
  StoreSeries,
} from './pages.js';
export type {
  ApprovalStore,
  FeedScope,
  MemoryFilter,
  MessageTreeStore,
  QueuedTurnStore,
  SessionUpdateStore,
  UserMemoryStore,
} from './sub-stores.js';
export { positionIn } from './sub-stores.js';

export interface SessionFilter {
  userId: string;
  projectId?: string | null;
}

export interface NewSession {
  id: string;
  userId: string;
  projectId: string | null;
  title: string | null;
  metadata?: Record<string, unknown>;
  now: Date;
}

export interface PruneRules {
  /** Drop sessions idle (by updatedAt) longer than this; 0 disables the rule. */
  ttlHours: number;
  /** Then keep only each user's newest N sessions (a per-user limit); 0 disables the rule. */
  maxSessions: number;
  now: Date;
  /** Only this user's sessions (the auto-pruner after their turn); absent: every user. */
  userId?: string;
}

/** A session pruning removed, and whose it was (their feed hears of it). */
export interface RemovedSession {
  id: string;
  userId: string;
}

export interface TurnEnd {
  usage: TokenUsage;
  /** The seq the next event of the session gets. */
  nextSeq: number;
  now: Date;
}

export type NewMessage = Omit<MessageDoc, 'seq' | 'parentId'> & {
  /** Absent: the session's active leaf (the message follows the branch in view). */
  parentId?: string | null;
  /** The message starts a new branch beside an existing one (a regenerated reply, an edit). */
  forks?: boolean;
};

/** The document a new session starts as, in both stores. */
export function newSessionDoc(s: NewSession): SessionDoc {
  return {
    _id: s.id,
    userId: s.userId,
    projectId: s.projectId,
    title: s.title,
    titleLocked: false,
    createdAt: s.now,
    updatedAt: s.now,
    messageCount: 0,
    usage: { inputTokens: 0, outputTokens: 0 },
    metadata: s.metadata ?? {},
    nextSeq: 1,
    lease: null,
    incarnation: randomUUID(),
  };
}

/** `messages` and `toolCalls` (StoreSeries) read what a session owns. */
export interface Store extends StoreSeries {
  readonly kind: 'memory' | 'mongo';
  /** Ensures indexes; call once at start-up. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Throws when the backing database is unreachable. */
  ping(): Promise<void>;
  /** Whether this error (itself, not what it wraps) says the database is unreachable. */
  isUnavailable(error: unknown): boolean;

  /** Inserts the session unless it exists (upsert with $setOnInsert). */
  ensureSession(s: NewSession): Promise<{ session: SessionDoc; created: boolean }>;
  getSession(id: string): Promise<SessionDoc | null>;
  /** Sessions with these ids, in any order; missing ids are left out. */
  getSessions(ids: readonly string[]): Promise<SessionDoc[]>;
  listSessions(filter: SessionFilter, page: KeysetPage<SessionKey>): Promise<SessionDoc[]>;
  countSessions(filter: SessionFilter): Promise<number>;
  /** Sets the title and locks it against automatic naming. Null when the session is missing. */
  renameSession(id: string, title: string, now: Date): Promise<SessionDoc | null>;
  /**
   * Removes the session and everything it owns (messages, tool calls, events, queued
   * turns, approvals); the user's memories stay.
   */
  deleteSession(id: string): Promise<boolean>;
  /** Applies the TTL rule, then the max-sessions rule; returns the sessions removed. */
  pruneSessions(rules: PruneRules): Promise<RemovedSession[]>;

  /**
   * Takes the session's lease if it is free or expired at `now`. Returns the session
   * as it was before the update (so an expired lease's turn can be closed), or null
   * when another live lease holds it.
   */
  acquireLease(sessionId: string, lease: Lease, now: Date): Promise<SessionDoc | null>;
  /** Extends the lease while its turn runs; false when the lease was lost. */
  renewLease(sessionId: string, turnId: string, until: Date): Promise<boolean>;
  /** Sessions whose lease expired before `now` (their instance died mid-turn), at most `limit`. */
  findExpiredLeases(now: Date, limit: number): Promise<string[]>;
  /**
   * Adds the turn's usage, records nextSeq, touches updatedAt and releases the lease.
   * Resolves with the session as the update left it (null when it is gone), so the
   * turn's reply shows it without another read that a concurrent delete could beat.
   */
  finishTurn(sessionId: string, turnId: string, end: TurnEnd): Promise<SessionDoc | null>;

  /** Turns waiting for their session (see runtime/turns/queued.ts). */
  readonly queuedTurns: QueuedTurnStore;
  /** Tool calls waiting for a person's decision (see runtime/approvals/). */
  readonly approvals: ApprovalStore;
  /** Users' long-term memories (the memory_store and memory_recall tools). */
  readonly memories: UserMemoryStore;
  /** The viewer feed's log (sessionUpdates); its updates outlive their session until pruned. */
  readonly sessionUpdates: SessionUpdateStore;
  /** The history as a tree (branches and forks); `messages` pages every message by seq. */
  readonly tree: MessageTreeStore;

  /** Appends a message at the session's next message seq ($inc messageCount). */
  appendMessage(msg: NewMessage): Promise<MessageDoc>;
  insertToolCalls(calls: ToolCallDoc[]): Promise<void>;
  /** All tool calls of these turns, ordered by seq. */
  toolCallsOfTurns(turnIds: readonly string[]): Promise<ToolCallDoc[]>;

  /** Stores a batch of events (one insertMany); (sessionId, seq) is unique. */
  appendEvents(events: readonly SessionEvent[]): Promise<void>;
  /** Stored events with seq > afterSeq, in order, at most `limit`. */
  readEvents(sessionId: string, afterSeq: number, limit: number): Promise<SessionEvent[]>;
  /** The highest stored event seq of the session, 0 when none. */
  lastEventSeq(sessionId: string): Promise<number>;
  /** Deletes stored events older than the date; returns how many. */
  pruneEvents(olderThan: Date): Promise<number>;
}
