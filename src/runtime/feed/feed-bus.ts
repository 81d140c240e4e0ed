/**
 * Fan-out of stored session updates (the viewer feed) to this instance's subscribers:
 * each listens for one user's updates, or for everyone's (the admin feed). The Redis
 * feed bus carries them between instances and delivers what it receives here.
 */
import { ListenerSets } from '../../lib/listener-sets.js';
import type { SessionUpdateDoc } from '../../model/feed.js';
import type { FeedScope } from '../../store/store.js';

export interface FeedListener {
  /** A stored update in the listener's scope. */
  update(update: SessionUpdateDoc): void;
  /** Publications may have been lost (Redis was away): re-read the log. */
  resync(): void;
}

export interface FeedBus {
  /** Sends an already stored update to every listener of its scope, on every instance. */
  publish(update: SessionUpdateDoc): void;
  /** Resolves, with the function that unsubscribes, once the listener hears every publication. */
  subscribe(scope: FeedScope, listener: FeedListener): Promise<() => void>;
  /** Live listeners on this instance (metrics, tests). */
  listenerCount(): number;
  close(): Promise<void>;
}

/** Everyone's updates are heard under this key; a user's under their id. */
const ALL_USERS = Symbol('all users');
type Key = string | typeof ALL_USERS;

const keyOf = (scope: FeedScope): Key => ('allUsers' in scope ? ALL_USERS : scope.userId);

export class LocalFeedBus implements FeedBus {
  private readonly listeners = new ListenerSets<Key, FeedListener>();

  publish(update: SessionUpdateDoc): void {
    this.deliver(update);
  }

  /** To the owner's listeners and the admin feeds; a failing listener never starves the rest. */
  deliver(update: SessionUpdateDoc): void {
    for (const key of [update.userId, ALL_USERS] as Key[]) {
      for (const listener of this.listeners.of(key) ?? []) {
        try {
          listener.update(update);
        } catch {
          // A listener owns its failure handling.
        }
      }
    }
  }

  resyncAll(): void {
    for (const set of this.listeners.all()) for (const listener of set) listener.resync();
  }

  async subscribe(scope: FeedScope, listener: FeedListener): Promise<() => void> {
    return this.listeners.add(keyOf(scope), listener);
  }

  listenerCount(): number {
    return this.listeners.count();
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
