/**
 * The MongoDB store's long-term memories: newest first on the user_recent index; a
 * word filter is one case-insensitive `$regex` per word (escaped, so a query is text,
 * never a pattern), which FerretDB 1.24 runs as MongoDB does.
 */
import type { Collection, Filter } from 'mongodb';
import type { MemoryDoc } from '../model/documents.js';
import { memoryPageFilter, memoryPageSort } from './keyset.js';
import type { KeysetPage, MemoryFilter, MemoryKey, UserMemoryStore } from './store.js';

export class MongoMemories implements UserMemoryStore {
  constructor(private readonly memories: Collection<MemoryDoc>) {}

  async add(memory: MemoryDoc): Promise<void> {
    await this.memories.insertOne(memory);
  }

  async list(filter: MemoryFilter, page: KeysetPage<MemoryKey>): Promise<MemoryDoc[]> {
    if (page.limit <= 0) return []; // limit(0) would mean "no limit" to MongoDB
    return this.memories
      .find({ $and: [memoryFilter(filter), ...memoryPageFilter(page)] })
      .sort(memoryPageSort(page))
      .limit(page.limit)
      .toArray();
  }

  count(filter: MemoryFilter): Promise<number> {
    return this.memories.countDocuments(memoryFilter(filter));
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const { deletedCount } = await this.memories.deleteOne({ _id: id, userId });
    return deletedCount === 1;
  }
}

function memoryFilter({ userId, words }: MemoryFilter): Filter<MemoryDoc> {
  if (words.length === 0) return { userId };
  const contains = words.map((word) => ({ content: { $regex: escapeRegex(word), $options: 'i' } }));
  return { userId, $and: contains };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
