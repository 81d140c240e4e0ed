/**
 * The MongoDB store's reads and writes of what a session owns: its messages, tool
 * calls and events (MongoStore adds the sessions themselves); messages and tool
 * calls are read as series (mongo-series.ts).
 */
import type { Collection } from 'mongodb';
import { KeyedQueue } from '../lib/keyed-queue.js';
import type { MessageDoc, ToolCallDoc } from '../model/documents.js';
import type { SessionEvent } from '../model/events.js';
import { type Collections, eventDoc, eventFrom } from './mongo-collections.js';
import { MongoSeries } from './mongo-series.js';
import { hideOrdinal, insertToolCalls } from './mongo-tool-calls.js';

/** Reads whose result size is not bounded by a limit ask for it in one reply (up to 16 MB). */
const WHOLE_RESULT = 100_000;

export abstract class MongoHistory {
  /** Tool-call inserts number their calls per session (mongo-tool-calls.ts). */
  private readonly toolCallQueue = new KeyedQueue();
  readonly messages: MongoSeries<MessageDoc>;
  readonly toolCalls: MongoSeries<ToolCallDoc>;

  protected constructor(protected readonly c: Collections) {
    this.messages = new MongoSeries(c.messages, 'seq');
    // Reads hide the ordinal, so the series' items are plain ToolCallDocs.
    const toolCalls = c.toolCalls as unknown as Collection<ToolCallDoc>;
    this.toolCalls = new MongoSeries(toolCalls, 'ordinal', hideOrdinal);
  }

  insertToolCalls(calls: ToolCallDoc[]): Promise<void> {
    return insertToolCalls(this.c, this.toolCallQueue, calls);
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
}
