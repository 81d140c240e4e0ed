/**
 * The MongoDB collections, their indexes, and the read-side fix-ups the MongoStore
 * needs. Kept to what both MongoDB 6+ and FerretDB 1.24 support: plain compound
 * indexes (no TTL, no partial indexes), no transactions.
 */
import type { Collection, Db, IndexDescription } from 'mongodb';
import type {
  ApprovalDecision,
  ApprovalDoc,
  MemoryDoc,
  MessageDoc,
  QueuedTurnDoc,
  SessionDoc,
  ToolCallDoc,
} from '../model/documents.js';
import type { SessionEvent } from '../model/events.js';
import type { SessionUpdateDoc } from '../model/feed.js';
import { createIndexes } from './mongo-indexes.js';

/** A tool call as stored: `ordinal` is its gapless position in the session (mongo-tool-calls.ts). */
export type StoredToolCall = ToolCallDoc & { ordinal: number };

/** An approval's decision, keyed by the approval's id (mongo-approvals.ts); `sessionId` so it goes with its session. */
export type StoredDecision = ApprovalDecision & { _id: string; sessionId: string };

/** Events carry a deterministic `_id`, so a retried batch collides instead of duplicating. */
export type StoredEvent = SessionEvent & { _id: string };

export interface Collections {
  sessions: Collection<SessionDoc>;
  messages: Collection<MessageDoc>;
  toolCalls: Collection<StoredToolCall>;
  events: Collection<StoredEvent>;
  queuedTurns: Collection<QueuedTurnDoc>;
  approvals: Collection<ApprovalDoc>;
  approvalDecisions: Collection<StoredDecision>;
  memories: Collection<MemoryDoc>;
  sessionUpdates: Collection<SessionUpdateDoc>;
}

export function collectionsOf(db: Db): Collections {
  return {
    sessions: db.collection<SessionDoc>('sessions'),
    messages: db.collection<MessageDoc>('messages'),
    toolCalls: db.collection<StoredToolCall>('toolCalls'),
    events: db.collection<StoredEvent>('events'),
    queuedTurns: db.collection<QueuedTurnDoc>('queuedTurns'),
    approvals: db.collection<ApprovalDoc>('approvals'),
    approvalDecisions: db.collection<StoredDecision>('approvalDecisions'),
    memories: db.collection<MemoryDoc>('memories'),
    sessionUpdates: db.collection<SessionUpdateDoc>('sessionUpdates'),
  };
}

const indexes: Record<keyof Collections, IndexDescription[]> = {
  sessions: [
    { key: { userId: 1, updatedAt: -1, _id: -1 }, name: 'user_recent' },
    { key: { userId: 1, projectId: 1, updatedAt: -1 }, name: 'user_project_recent' },
    // Pruning scans all sessions by age.
    { key: { updatedAt: -1 }, name: 'recent' },
    // The lease sweeper looks for expired leases.
    { key: { 'lease.until': 1 }, name: 'lease_until' },
  ],
  messages: [{ key: { sessionId: 1, seq: 1 }, name: 'session_seq', unique: true }],
  toolCalls: [
    { key: { sessionId: 1, seq: 1 }, name: 'session_seq' },
    // Batched paging cuts each session's range at an ordinal (mongo-pages.ts).
    { key: { sessionId: 1, ordinal: 1 }, name: 'session_ordinal' },
    { key: { turnId: 1 }, name: 'turn' },
  ],
  events: [
    { key: { sessionId: 1, seq: 1 }, name: 'session_seq', unique: true },
    { key: { at: 1 }, name: 'at' },
  ],
  queuedTurns: [
    { key: { sessionId: 1, at: 1 }, name: 'session_at' },
    // The lease sweeper looks for expired records.
    { key: { until: 1 }, name: 'until' },
  ],
  approvals: [
    // One approval per tool call; also how a turn's pending ones are found.
    { key: { turnId: 1, toolCallId: 1 }, name: 'turn_call', unique: true },
    { key: { sessionId: 1, status: 1, requestedAt: 1 }, name: 'session_status' },
    // The lease sweeper looks for overdue pending ones.
    { key: { status: 1, expiresAt: 1 }, name: 'status_expires' },
  ],
  approvalDecisions: [{ key: { sessionId: 1 }, name: 'session' }],
  memories: [{ key: { userId: 1, createdAt: -1, _id: -1 }, name: 'user_recent' }],
  // `_id` is the global position; this one the user's (both taken by a unique insert).
  sessionUpdates: [
    { key: { userId: 1, userSeq: 1 }, name: 'user_seq', unique: true },
    { key: { at: 1 }, name: 'at' },
  ],
};

export async function ensureIndexes(c: Collections): Promise<void> {
  for (const name of Object.keys(indexes) as (keyof Collections)[]) {
    await createIndexes(c[name], indexes[name]);
  }
}

/**
 * FerretDB 1.24 drops top-level null fields set by `$setOnInsert` on upsert (MongoDB
 * keeps them), so a freshly created session may lack its null fields: restore them.
 */
export function sessionFrom(doc: SessionDoc): SessionDoc {
  return {
    ...doc,
    projectId: doc.projectId ?? null,
    title: doc.title ?? null,
    titleLocked: doc.titleLocked ?? false,
    metadata: doc.metadata ?? {},
    lease: doc.lease ?? null,
  };
}

export function eventFrom({ _id, ...event }: StoredEvent): SessionEvent {
  return event as SessionEvent;
}

export function eventDoc(event: SessionEvent): StoredEvent {
  return { _id: `${event.sessionId}:${event.seq}`, ...event };
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
