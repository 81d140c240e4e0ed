/**
 * The in-memory store's long-term memories, with the semantics of the MongoDB store's
 * `memories`: newest first, every word of the filter (case-insensitive), one user's own.
 */
import type { MemoryDoc } from '../model/documents.js';
import { compareMemories, memoryVersusKey, pageOf } from './keyset.js';
import type { KeysetPage, MemoryFilter, MemoryKey, UserMemoryStore } from './store.js';

const copy = structuredClone;

export class MemoryMemories implements UserMemoryStore {
  private readonly memories = new Map<string, MemoryDoc>();

  async add(memory: MemoryDoc): Promise<void> {
    if (this.memories.has(memory._id)) throw new Error(`memory ${memory._id} exists`);
    this.memories.set(memory._id, copy(memory));
  }

  async list(filter: MemoryFilter, page: KeysetPage<MemoryKey>): Promise<MemoryDoc[]> {
    const sorted = this.matching(filter).sort(compareMemories);
    return copy(pageOf(sorted, page, memoryVersusKey));
  }

  async count(filter: MemoryFilter): Promise<number> {
    return this.matching(filter).length;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    if (this.memories.get(id)?.userId !== userId) return false;
    return this.memories.delete(id);
  }

  private matching({ userId, words }: MemoryFilter): MemoryDoc[] {
    const lowered = words.map((w) => w.toLowerCase());
    return [...this.memories.values()].filter((m) => {
      if (m.userId !== userId) return false;
      const text = m.content.toLowerCase();
      return lowered.every((w) => text.includes(w));
    });
  }
}
