/**
 * The MongoDB store's message tree: nodes read with a projection (a branch walk needs
 * no content), the active leaf moved in one update through the session's write queue
 * (see mongo-sessions.ts), a fork's copy inserted messages first, so a fork is never
 * seen without its history.
 */
import type { KeyedQueue } from '../lib/keyed-queue.js';
import type { MessageDoc, MessageNode, SessionDoc } from '../model/documents.js';
import { type Collections, sessionFrom } from './mongo-collections.js';
import type { MessageTreeStore } from './sub-stores.js';

const nodeFields = { _id: 1, seq: 1, role: 1, parentId: 1 } as const;

export class MongoTree implements MessageTreeStore {
  constructor(
    private readonly c: Collections,
    private readonly queue: KeyedQueue,
  ) {}

  nodes(sessionId: string): Promise<MessageNode[]> {
    return this.c.messages
      .find({ sessionId }, { projection: nodeFields })
      .sort({ seq: 1 })
      .toArray() as Promise<MessageNode[]>;
  }

  async byIds(ids: readonly string[]): Promise<MessageDoc[]> {
    if (ids.length === 0) return [];
    return this.c.messages.find({ _id: { $in: [...ids] } }).toArray();
  }

  async setActiveLeaf(sessionId: string, leafId: string, now: Date): Promise<SessionDoc | null> {
    const doc = await this.queue.run(sessionId, () =>
      this.c.sessions.findOneAndUpdate(
        { _id: sessionId },
        { $set: { activeLeafId: leafId }, $max: { updatedAt: now } },
        { returnDocument: 'after' },
      ),
    );
    return doc ? sessionFrom(doc) : null;
  }

  async insertCopy(session: SessionDoc, messages: readonly MessageDoc[]): Promise<void> {
    if (messages.length > 0) await this.c.messages.insertMany([...messages], { ordered: true });
    await this.c.sessions.insertOne(session);
  }
}
