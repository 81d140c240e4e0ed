/**
 * The in-memory store's viewer feed log, with the MongoDB store's semantics: gapless
 * global and per-user positions, `at` never earlier than the update before it.
 */
import type { NewSessionUpdate, SessionUpdateDoc } from '../model/feed.js';
import { type FeedScope, positionIn, type SessionUpdateStore } from './sub-stores.js';

const copy = structuredClone;

export class MemorySessionUpdates implements SessionUpdateStore {
  /** Oldest first; pruning cuts from the front. */
  private updates: SessionUpdateDoc[] = [];
  private readonly userHeads = new Map<string, number>();
  private globalHead = 0;

  async append(update: NewSessionUpdate): Promise<SessionUpdateDoc> {
    const previous = this.updates.at(-1);
    const userSeq = (this.userHeads.get(update.userId) ?? 0) + 1;
    const stored: SessionUpdateDoc = {
      ...copy(update),
      _id: ++this.globalHead,
      userSeq,
      at: previous && previous.at > update.at ? previous.at : update.at,
    };
    this.userHeads.set(update.userId, userSeq);
    this.updates.push(stored);
    return copy(stored);
  }

  async after(scope: FeedScope, position: number, limit: number): Promise<SessionUpdateDoc[]> {
    const found: SessionUpdateDoc[] = [];
    for (const update of this.updates) {
      if (found.length >= limit) break;
      if (inScope(scope, update) && positionIn(scope, update) > position) found.push(update);
    }
    return copy(found);
  }

  async at(scope: FeedScope, position: number): Promise<SessionUpdateDoc | null> {
    const update = this.updates.find((u) => inScope(scope, u) && positionIn(scope, u) === position);
    return update ? copy(update) : null;
  }

  async head(scope: FeedScope): Promise<number> {
    if ('allUsers' in scope) return this.globalHead;
    return this.userHeads.get(scope.userId) ?? 0;
  }

  /** As the MongoDB store: each user's newest update and the newest of all stay. */
  async prune(olderThan: Date): Promise<number> {
    const before = this.updates.length;
    const newest = this.updates.at(-1)?._id;
    this.updates = this.updates.filter(
      (u) => u.at >= olderThan || u._id === newest || u.userSeq === this.userHeads.get(u.userId),
    );
    return before - this.updates.length;
  }
}

function inScope(scope: FeedScope, update: SessionUpdateDoc): boolean {
  return 'allUsers' in scope || update.userId === scope.userId;
}
