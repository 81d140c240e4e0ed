/**
 * The Store's parts that are not sessions or their series: queued-turn records,
 * approvals, users' memories and the viewer feed (store.ts composes them, as
 * `queuedTurns`, `approvals`, `memories` and `sessionUpdates`).
 */
import type {
  ApprovalDecision,
  ApprovalDoc,
  MemoryDoc,
  MessageDoc,
  MessageNode,
  QueuedTurnDoc,
  SessionDoc,
} from '../model/documents.js';
import type { NewSessionUpdate, SessionUpdateDoc } from '../model/feed.js';
import type { KeysetPage, MemoryKey } from './pages.js';

/** The records of turns that wait for their session; deleted with their session. */
export interface QueuedTurnStore {
  /** Records a turn that waits for its session; a second record of one turn fails. */
  add(turn: QueuedTurnDoc): Promise<void>;
  /** Moves `until` of these turns' records (their instance lives); missing ids are skipped. */
  renew(turnIds: readonly string[], until: Date): Promise<void>;
  /** Deletes a turn's record: true when it was there, so only one caller wins it. */
  remove(turnId: string): Promise<boolean>;
  /** Notes that the waiting turn was cancelled (it ends CANCELLED when its slot comes). */
  markCancelled(turnId: string): Promise<void>;
  /** The session's queued turns, oldest `at` first (`_id` breaks ties). */
  of(sessionId: string): Promise<QueuedTurnDoc[]>;
  /** Sessions with a queued turn whose `until` passed before `now`, at most `limit`. */
  findExpired(now: Date, limit: number): Promise<string[]>;
}

/** Approvals of tool calls (runtime/approvals/); deleted with their session. */
export interface ApprovalStore {
  /** Records a PENDING approval; a second one for the same (turnId, toolCallId) fails. */
  add(approval: ApprovalDoc): Promise<void>;
  get(id: string): Promise<ApprovalDoc | null>;
  /** The decision, once one was taken (what the waiting turn polls). */
  decisionOf(id: string): Promise<ApprovalDecision | null>;
  /**
   * Takes the decision unless one was taken already: one winner among racing callers,
   * on any instance (on FerretDB too). `won` says whether this call took it; `approval`
   * is the approval as decided (with the winner's decision when another won). Null when
   * the approval does not exist.
   */
  decide(
    id: string,
    decision: ApprovalDecision,
  ): Promise<{ approval: ApprovalDoc; won: boolean } | null>;
  /** PENDING approvals of these sessions, oldest first. */
  pendingOfSessions(sessionIds: readonly string[]): Promise<ApprovalDoc[]>;
  /** PENDING approvals of one turn, oldest first. */
  pendingOfTurn(turnId: string): Promise<ApprovalDoc[]>;
  /** PENDING approvals whose deadline passed before `before` (a lost turn's), at most `limit`. */
  overdue(before: Date, limit: number): Promise<ApprovalDoc[]>;
}

/** Which memories: one user's, holding every word (case-insensitive; none: all of them). */
export interface MemoryFilter {
  userId: string;
  words: readonly string[];
}

/** Users' long-term memories; they outlive the sessions they were stored from. */
export interface UserMemoryStore {
  add(memory: MemoryDoc): Promise<void>;
  /** A page of the filter's memories, newest first (KeysetPage's rules). */
  list(filter: MemoryFilter, page: KeysetPage<MemoryKey>): Promise<MemoryDoc[]>;
  count(filter: MemoryFilter): Promise<number>;
  /** Deletes the user's memory: false when it is missing or another user's. */
  remove(userId: string, id: string): Promise<boolean>;
}

/** Whose updates: one user's (positions are `userSeq`) or everyone's (positions are `_id`). */
export type FeedScope = { userId: string } | { allUsers: true };

/** The viewer feed's log (runtime/feed/): every session change, kept for the event retention. */
export interface SessionUpdateStore {
  /**
   * Stores the update at the next global position and its user's next position, one
   * winner per position across instances; resolves with the update as stored.
   */
  append(update: NewSessionUpdate): Promise<SessionUpdateDoc>;
  /** The scope's updates after `position`, oldest first, at most `limit`. */
  after(scope: FeedScope, position: number, limit: number): Promise<SessionUpdateDoc[]>;
  /** The scope's update at `position`; null when there is none (pruned, or never stored). */
  at(scope: FeedScope, position: number): Promise<SessionUpdateDoc | null>;
  /** The scope's newest position, 0 when it has none. */
  head(scope: FeedScope): Promise<number>;
  /**
   * Deletes updates older than the date, but each user's newest and the newest of all
   * (positions go on from them); returns how many.
   */
  prune(olderThan: Date): Promise<number>;
}

/** An update's position in the scope's order. */
export function positionIn(scope: FeedScope, update: SessionUpdateDoc): number {
  return 'allUsers' in scope ? update._id : update.userSeq;
}

/** A session's history as a tree: branches (regenerateReply, editMessage) and forks. */
export interface MessageTreeStore {
  /** Every message of the session as a tree node (no content), in seq order. */
  nodes(sessionId: string): Promise<MessageNode[]>;
  /** These messages, of any session, in any order; missing ids are left out. */
  byIds(ids: readonly string[]): Promise<MessageDoc[]>;
  /** Makes `leafId` the session's active leaf; the session as updated, null when it is missing. */
  setActiveLeaf(sessionId: string, leafId: string, now: Date): Promise<SessionDoc | null>;
  /** Stores a new session with its copied history (a fork): the messages, then the session. */
  insertCopy(session: SessionDoc, messages: readonly MessageDoc[]): Promise<void>;
}
