/**
 * The MongoDB Store (also runs on FerretDB 1.24). Every write is one atomic operation
 * on one document, or an insertMany/deleteMany; nothing is read, changed in JS and
 * written back, so concurrent turns and instances never lose each other's updates.
 * (FerretDB 1.x does not make single-document updates atomic: see lib/keyed-queue.ts for
 * what that means and what this store does about it.)
 */
import { type Db, type Filter, MongoClient } from 'mongodb';
import { withDeadline } from '../lib/deadline.js';
import { KeyedQueue } from '../lib/keyed-queue.js';
import type { Lease, MessageDoc, SessionDoc } from '../model/documents.js';
import { sessionPageFilter, sessionPageSort } from './keyset.js';
import { MongoApprovals } from './mongo-approvals.js';
import { collectionsOf, ensureIndexes, sessionFrom } from './mongo-collections.js';
import { MongoHistory } from './mongo-history.js';
import { MongoMemories } from './mongo-memories.js';
import { oneReply } from './mongo-pages.js';
import { deleteOwned, pruneSessions } from './mongo-prune.js';
import { MongoQueuedTurns } from './mongo-queued-turns.js';
import { MongoSessionUpdates } from './mongo-session-updates.js';
import { SessionWrites } from './mongo-sessions.js';
import { MongoTree } from './mongo-tree.js';
import { isMongoUnavailable } from './mongo-unavailable.js';
import type {
  KeysetPage,
  NewMessage,
  NewSession,
  PruneRules,
  RemovedSession,
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
  /** How long ping() (the readiness check) waits (default: the smaller of 2000 and the above). */
  pingTimeoutMS?: number;
  /**
   * How long a reply may take on an open connection (default 30000). Every query of
   * this store is short; without it a connection cut off silently (a network partition,
   * no reset) would hold its request until TCP keep-alive gives up, minutes later.
   */
  socketTimeoutMS?: number;
  /** Emit the driver's command events on `client` (for /metrics; tests count round trips). */
  monitorCommands?: boolean;
}

/** Sessions and leases here; messages, tool calls and events in MongoHistory. */
export class MongoStore extends MongoHistory implements Store {
  readonly kind = 'mongo' as const;
  private readonly writes: SessionWrites;
  readonly queuedTurns: MongoQueuedTurns;
  readonly approvals: MongoApprovals;
  readonly memories: MongoMemories;
  readonly sessionUpdates: MongoSessionUpdates;
  readonly tree: MongoTree;

  private constructor(
    /** Public for tests: they count round trips with its command events. */
    readonly client: MongoClient,
    readonly db: Db,
    private readonly pingTimeoutMS: number,
  ) {
    super(collectionsOf(db));
    const sessionQueue = new KeyedQueue();
    this.writes = new SessionWrites(this.c, sessionQueue);
    this.tree = new MongoTree(this.c, sessionQueue);
    this.queuedTurns = new MongoQueuedTurns(this.c.queuedTurns);
    this.approvals = new MongoApprovals(this.c.approvals, this.c.approvalDecisions);
    this.memories = new MongoMemories(this.c.memories);
    this.sessionUpdates = new MongoSessionUpdates(this.c.sessionUpdates);
  }

  static async connect(opts: MongoConnectOptions): Promise<MongoStore> {
    // Short timeouts: during an outage requests should fail fast (DB_UNAVAILABLE), not hang.
    const timeoutMS = opts.serverSelectionTimeoutMS ?? 5000;
    const client = new MongoClient(opts.uri, {
      serverSelectionTimeoutMS: timeoutMS,
      connectTimeoutMS: timeoutMS,
      socketTimeoutMS: opts.socketTimeoutMS ?? 30_000,
      monitorCommands: opts.monitorCommands ?? false,
      // Optional event fields left undefined are omitted, as the in-memory store keeps them.
      ignoreUndefined: true,
    });
    await client.connect();
    const pingTimeoutMS = opts.pingTimeoutMS ?? Math.min(2000, timeoutMS);
    return new MongoStore(client, client.db(opts.dbName), pingTimeoutMS);
  }

  init(): Promise<void> {
    return ensureIndexes(this.c);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  async ping(): Promise<void> {
    // A readiness probe must answer before the prober gives up, but with the server
    // down the driver waits serverSelectionTimeoutMS for one. (Driver 7 ignores a
    // per-operation timeoutMS.) The abandoned ping still ends by that timeout.
    const message = `MongoDB did not answer a ping within ${this.pingTimeoutMS} ms`;
    await withDeadline(this.db.command({ ping: 1 }), this.pingTimeoutMS, message);
  }

  isUnavailable(error: unknown): boolean {
    return isMongoUnavailable(error);
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
    const unique = [...new Set(ids)];
    const docs = await this.c.sessions
      .find({ _id: { $in: unique } })
      .batchSize(oneReply(unique.length))
      .toArray();
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

  pruneSessions(rules: PruneRules): Promise<RemovedSession[]> {
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

  finishTurn(sessionId: string, turnId: string, end: TurnEnd): Promise<SessionDoc | null> {
    return this.writes.finishTurn(sessionId, turnId, end);
  }

  appendMessage(msg: NewMessage): Promise<MessageDoc> {
    return this.writes.appendMessage(msg);
  }
}

function sessionFilter(filter: SessionFilter): Filter<SessionDoc> {
  // No projectId (null or absent) lists all of the user's sessions.
  return filter.projectId == null
    ? { userId: filter.userId }
    : { userId: filter.userId, projectId: filter.projectId };
}
