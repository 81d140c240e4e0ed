/**
 * The in-memory store's documents by id, each kept frozen (lib/deep-freeze.ts): a
 * read hands out the stored document itself, a change stores a changed frozen copy
 * in its place. Nobody holding a document sees it change, as with a database's
 * answers, and nobody can change the stored one through what they hold.
 */
import { frozenCopy } from '../lib/deep-freeze.js';

export class FrozenMap<V extends object> {
  private readonly docs = new Map<string, V>();

  get(id: string): V | undefined {
    return this.docs.get(id);
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  values(): IterableIterator<V> {
    return this.docs.values();
  }

  delete(id: string): boolean {
    return this.docs.delete(id);
  }

  /** Stores a frozen copy of `doc` (the caller's own stays theirs); returns the stored one. */
  set(id: string, doc: V): V {
    const stored = frozenCopy(doc);
    this.docs.set(id, stored);
    return stored;
  }

  /**
   * Applies `edit` to a copy of the stored document and stores a frozen copy of the
   * result (copied again, so whatever of the caller's `edit` put in stays the caller's);
   * undefined when there is none. Writes are few; reads are what this saves.
   */
  change(id: string, edit: (draft: V) => void): V | undefined {
    const stored = this.docs.get(id);
    if (!stored) return undefined;
    const draft = structuredClone(stored);
    edit(draft);
    return this.set(id, draft);
  }
}
