/** The viewer feed's documents (sessionUpdates) and the session status it reports. */
import type { SessionDoc } from './documents.js';

/** What a session shows as its status (Session.status). */
export type SessionStatus = 'IDLE' | 'RUNNING' | 'AWAITING_APPROVAL';

/** What happened to a session, as the viewer feed (sessionUpdates) reports it. */
export type SessionChange = 'CREATED' | 'UPDATED' | 'DELETED';

/**
 * One change of a session, in `sessionUpdates` (the viewer feed, resumable): `_id` is
 * the global position (the admin feed's order), `userSeq` the position in the owner's
 * feed. Both are gapless: each is taken by an insert that a unique key lets only one
 * writer win (FerretDB 1.x does not isolate a counter's `$inc`).
 */
export interface SessionUpdateDoc {
  _id: number;
  userSeq: number;
  userId: string;
  sessionId: string;
  change: SessionChange;
  /** Never earlier than the update before it, so pruning by age never leaves a hole. */
  at: Date;
  /** The session as the change left it; null for DELETED. */
  session: SessionDoc | null;
  /** Its status then, when the change decided it (a turn started, waits, ended); null: read it live. */
  status: SessionStatus | null;
}

/** A session update before it has its positions (the store gives them). */
export type NewSessionUpdate = Omit<SessionUpdateDoc, '_id' | 'userSeq'>;

/** A session as a feed update saw it: its status then travels with it (Session.status). */
export type SessionSnapshot = SessionDoc & { statusAsOf?: SessionStatus };
