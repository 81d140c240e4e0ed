/** The in-memory store's message tree, with the MongoDB store's semantics (mongo-tree.ts). */
import type { MessageDoc, MessageNode, SessionDoc } from '../model/documents.js';
import type { FrozenMap } from './frozen-map.js';
import type { MemorySeries } from './memory-series.js';
import type { MessageTreeStore } from './sub-stores.js';

export class MemoryTree implements MessageTreeStore {
  constructor(
    private readonly messages: MemorySeries<MessageDoc>,
    private readonly sessions: FrozenMap<SessionDoc>,
  ) {}

  async nodes(sessionId: string): Promise<MessageNode[]> {
    const all = await this.messages.list(sessionId, { limit: Number.POSITIVE_INFINITY });
    return all.map(({ _id, seq, role, parentId }) => ({ _id, seq, role, parentId }));
  }

  async byIds(ids: readonly string[]): Promise<MessageDoc[]> {
    const wanted = new Set(ids);
    return this.messages.all().filter((m) => wanted.has(m._id));
  }

  async setActiveLeaf(sessionId: string, leafId: string, now: Date): Promise<SessionDoc | null> {
    const changed = this.sessions.change(sessionId, (session) => {
      session.activeLeafId = leafId;
      if (now > session.updatedAt) session.updatedAt = now;
    });
    return changed ?? null;
  }

  async insertCopy(session: SessionDoc, messages: readonly MessageDoc[]): Promise<void> {
    if (this.sessions.has(session._id)) throw new Error(`session ${session._id} exists`);
    this.messages.insert(messages);
    this.sessions.set(session._id, session);
  }
}
