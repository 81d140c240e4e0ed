/**
 * The MongoDB store's reads and writes of what a session owns: its messages, tool
 * calls and events (MongoStore adds the sessions themselves). Single-session pages
 * are one indexed query each; the batched forms are in mongo-pages.ts.
 */
import type { Collection, Filter } from 'mongodb';
import type { MessageDoc, ToolCallDoc } from '../model/documents.js';
import type { SessionEvent } from '../model/events.js';
import { KeyedQueue } from './keyed-queue.js';
import { seqPageFilter, seqPageSort } from './keyset.js';
import { type Collections, eventDoc, eventFrom } from './mongo-collections.js';
import { countsOf, pagesOf, type RankedCollection } from './mongo-pages.js';
import { hideOrdinal, insertToolCalls } from './mongo-tool-calls.js';
import type { KeysetPage, SessionPage } from './store.js';

/** Reads whose result size is not bounded by a limit ask for it in one reply (up to 16 MB). */
const WHOLE_RESULT = 100_000;

export abstract class MongoHistory {
  /** Tool-call inserts number their calls per session (mongo-tool-calls.ts). */
  private readonly toolCallQueue = new KeyedQueue();
  private readonly messagePages: RankedCollection<MessageDoc>;
  private readonly toolCallPages: RankedCollection<ToolCallDoc>;

  protected constructor(protected readonly c: Collections) {
    this.messagePages = {
      collection: c.messages,
      rank: 'seq',
      pageOf: (id, page) => this.listMessages(id, page),
    };
    this.toolCallPages = {
      collection: c.toolCalls as unknown as Collection<ToolCallDoc>,
      rank: 'ordinal',
      projection: hideOrdinal,
      pageOf: (id, page) => this.listToolCalls(id, page),
    };
  }

  listMessages(sessionId: string, page: KeysetPage<number>): Promise<MessageDoc[]> {
    return this.seqPage(this.c.messages, sessionId, page);
  }

  countMessages(sessionId: string): Promise<number> {
    return this.c.messages.countDocuments({ sessionId });
  }

  messagePagesOf(
    ids: readonly string[],
    page: KeysetPage<number>,
  ): Promise<SessionPage<MessageDoc>[]> {
    return pagesOf(this.messagePages, ids, page);
  }

  countMessagesOf(sessionIds: readonly string[]): Promise<number[]> {
    return countsOf(this.c.messages, sessionIds);
  }

  insertToolCalls(calls: ToolCallDoc[]): Promise<void> {
    return insertToolCalls(this.c, this.toolCallQueue, calls);
  }

  listToolCalls(sessionId: string, page: KeysetPage<number>): Promise<ToolCallDoc[]> {
    return this.seqPage(this.toolCallPages.collection, sessionId, page, hideOrdinal);
  }

  countToolCalls(sessionId: string): Promise<number> {
    return this.c.toolCalls.countDocuments({ sessionId });
  }

  toolCallPagesOf(
    ids: readonly string[],
    page: KeysetPage<number>,
  ): Promise<SessionPage<ToolCallDoc>[]> {
    return pagesOf(this.toolCallPages, ids, page);
  }

  countToolCallsOf(sessionIds: readonly string[]): Promise<number[]> {
    return countsOf(this.c.toolCalls, sessionIds);
  }

  async toolCallsOfTurns(turnIds: readonly string[]): Promise<ToolCallDoc[]> {
    if (turnIds.length === 0) return [];
    const filter = { turnId: { $in: [...new Set(turnIds)] } };
    const docs = await this.c.toolCalls
      .find(filter, { projection: hideOrdinal })
      .sort({ seq: 1, _id: 1 })
      .batchSize(WHOLE_RESULT)
      .toArray();
    return docs as ToolCallDoc[];
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
    projection?: Record<string, 0>,
  ): Promise<T[]> {
    if (page.limit <= 0) return [];
    const filter = { sessionId, ...seqPageFilter(page) } as Filter<T>;
    const docs = await collection
      .find(filter, { projection })
      .sort(seqPageSort(page))
      .limit(page.limit)
      .toArray();
    return docs as T[];
  }
}
