/**
 * The MongoDB Store (also runs on FerretDB 1.24). Every write is one atomic operation
 * on one document, or an insertMany/deleteMany; nothing is read, changed in JS and
 * written back, so concurrent turns and instances never lose each other's updates.
 * (FerretDB 1.x does not make single-document updates atomic: see keyed-queue.ts for
 * what that means and what this store does about it.)
 */
import { type Collection, type Db, type Filter, MongoClient } from 'mongodb';
import type { SessionEvent } from '../runtime/events.js';
import type { Lease, MessageDoc, SessionDoc, ToolCallDoc } from './documents.js';
import { KeyedQueue } from './keyed-queue.js';
import { seqPageFilter, seqPageSort, sessionPageFilter, sessionPageSort } from './keyset.js';
import {
  type Collections,
  collectionsOf,
  ensureIndexes,
  eventDoc,
  eventFrom,
  sessionFrom,
} from './mongo-collections.js';
import { deleteOwned, pruneSessions } from './mongo-prune.js';
import { SessionWrites } from './mongo-sessions.js';
import type {
  KeysetPage,
  NewMessage,
  NewSession,
  PruneRules,
  SessionFilter,
  SessionKey,
  Store,
  TurnEnd,
} from './store.js';

export interface MongoConnectOptions {
  uri: string;
  dbName: string;
  /** How long an operation waits for a reachable server before failing (default 5000). */
  serverSelectionTimeoutMS?: number;
}

export class MongoStore implements Store {
  readonly kind = 'mongo' as const;
  private readonly c: Collections;
  private readonly writes: SessionWrites;

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
  ) {
    this.c = collectionsOf(db);
    this.writes = new SessionWrites(this.c, new KeyedQueue());
  }

  static async connect(opts: MongoConnectOptions): Promise<MongoStore> {
    // Short timeouts: during an outage requests should fail fast (DB_UNAVAILABLE), not hang.
    const timeoutMS = opts.serverSelectionTimeoutMS ?? 5000;
    const client = new MongoClient(opts.uri, {
      serverSelectionTimeoutMS: timeoutMS,
      connectTimeoutMS: timeoutMS,
      // Optional event fields left undefined are omitted, as the in-memory store keeps them.
      ignoreUndefined: true,
    });
    await client.connect();
    return new MongoStore(client, client.db(opts.dbName));
  }

  init(): Promise<void> {
    return ensureIndexes(this.c);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  ensureSession(s: NewSession): Promise<{ session: SessionDoc; created: boolean }> {
    return this.writes.ensureSession(s);
  }

  async getSession(id: string): Promise<SessionDoc | null> {
    const doc = await this.c.sessions.findOne({ _id: id });
    return doc ? sessionFrom(doc) : null;
  }

  async getSessions(ids: readonly string[]): Promise<SessionDoc[]> {
    if (ids.length === 0) return [];
    const docs = await this.c.sessions.find({ _id: { $in: [...new Set(ids)] } }).toArray();
    return docs.map(sessionFrom);
  }

  async listSessions(filter: SessionFilter, page: KeysetPage<SessionKey>): Promise<SessionDoc[]> {
    if (page.limit <= 0) return []; // limit(0) would mean "no limit" to MongoDB
    const clauses = [sessionFilter(filter), ...sessionPageFilter(page)];
    const docs = await this.c.sessions
      .find({ $and: clauses })
      .sort(sessionPageSort(page))
      .limit(page.limit)
      .toArray();
    return docs.map(sessionFrom);
  }

  countSessions(filter: SessionFilter): Promise<number> {
    return this.c.sessions.countDocuments(sessionFilter(filter));
  }

  renameSession(id: string, title: string, now: Date): Promise<SessionDoc | null> {
    return this.writes.rename(id, title, now);
  }

  async deleteSession(id: string): Promise<boolean> {
    const { deletedCount } = await this.c.sessions.deleteOne({ _id: id });
    // Owned documents go even when the session is already gone (a half-finished delete).
    await deleteOwned(this.c, [id]);
    return deletedCount === 1;
  }

  pruneSessions(rules: PruneRules): Promise<string[]> {
    return pruneSessions(this.c, rules);
  }

  acquireLease(sessionId: string, lease: Lease, now: Date): Promise<SessionDoc | null> {
    return this.writes.acquireLease(sessionId, lease, now);
  }

  renewLease(sessionId: string, turnId: string, until: Date): Promise<boolean> {
    return this.writes.renewLease(sessionId, turnId, until);
  }

  async findExpiredLeases(now: Date, limit: number): Promise<string[]> {
    const docs = await this.c.sessions
      .find({ 'lease.until': { $lte: now } }, { projection: { _id: 1 } })
      .limit(limit)
      .toArray();
    return docs.map((d) => d._id);
  }

  finishTurn(sessionId: string, turnId: string, end: TurnEnd): Promise<void> {
    return this.writes.finishTurn(sessionId, turnId, end);
  }

  appendMessage(msg: NewMessage): Promise<MessageDoc> {
    return this.writes.appendMessage(msg);
  }

  listMessages(sessionId: string, page: KeysetPage<number>): Promise<MessageDoc[]> {
    return this.seqPage(this.c.messages, sessionId, page);
  }

  countMessages(sessionId: string): Promise<number> {
    return this.c.messages.countDocuments({ sessionId });
  }

  async insertToolCalls(calls: ToolCallDoc[]): Promise<void> {
    if (calls.length > 0) await this.c.toolCalls.insertMany(calls, { ordered: true });
  }

  listToolCalls(sessionId: string, page: KeysetPage<number>): Promise<ToolCallDoc[]> {
    return this.seqPage(this.c.toolCalls, sessionId, page);
  }

  countToolCalls(sessionId: string): Promise<number> {
    return this.c.toolCalls.countDocuments({ sessionId });
  }

  async toolCallsOfTurns(turnIds: readonly string[]): Promise<ToolCallDoc[]> {
    if (turnIds.length === 0) return [];
    const filter = { turnId: { $in: [...new Set(turnIds)] } };
    return this.c.toolCalls.find(filter).sort({ seq: 1, _id: 1 }).toArray();
  }

  async appendEvents(events: readonly SessionEvent[]): Promise<void> {
    if (events.length > 0) await this.c.events.insertMany(events.map(eventDoc), { ordered: true });
  }

  async readEvents(sessionId: string, afterSeq: number, limit: number): Promise<SessionEvent[]> {
    if (limit <= 0) return [];
    const docs = await this.c.events
      .find({ sessionId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
    return docs.map(eventFrom);
  }

  async lastEventSeq(sessionId: string): Promise<number> {
    const last = await this.c.events.findOne(
      { sessionId },
      { sort: { seq: -1 }, projection: { seq: 1 } },
    );
    return last?.seq ?? 0;
  }

  async pruneEvents(olderThan: Date): Promise<number> {
    const { deletedCount } = await this.c.events.deleteMany({ at: { $lt: olderThan } });
    return deletedCount;
  }

  private async seqPage<T extends MessageDoc | ToolCallDoc>(
    collection: Collection<T>,
    sessionId: string,
    page: KeysetPage<number>,
  ): Promise<T[]> {
    if (page.limit <= 0) return [];
    const filter = { sessionId, ...seqPageFilter(page) } as Filter<T>;
    const docs = await collection.find(filter).sort(seqPageSort(page)).limit(page.limit).toArray();
    return docs as T[];
  }
}

function sessionFilter(filter: SessionFilter): Filter<SessionDoc> {
  // No projectId (null or absent) lists all of the user's sessions.
  return filter.projectId == null
    ? { userId: filter.userId }
    : { userId: filter.userId, projectId: filter.projectId };
}
