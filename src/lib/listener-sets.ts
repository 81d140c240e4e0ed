/**
 * Listeners grouped by a key (a session id, a user id), with a running count: what an
 * in-process bus keeps. Adding returns the function that removes, once; an empty group
 * goes, so keys never outlive their listeners. A leaf: it imports nothing.
 */
export class ListenerSets<K, L> {
  private readonly groups = new Map<K, Set<L>>();
  private total = 0;

  add(key: K, listener: L): () => void {
    let group = this.groups.get(key);
    if (!group) {
      group = new Set();
      this.groups.set(key, group);
    }
    group.add(listener);
    this.total++;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.total--;
      group.delete(listener);
      if (group.size === 0) this.groups.delete(key);
    };
  }

  /** The key's listeners (a live view: copy it before calling what may unsubscribe). */
  of(key: K): ReadonlySet<L> | undefined {
    return this.groups.get(key);
  }

  has(key: K): boolean {
    return this.groups.has(key);
  }

  keys(): IterableIterator<K> {
    return this.groups.keys();
  }

  all(): IterableIterator<Set<L>> {
    return this.groups.values();
  }

  /** Listeners in all, or under one key. */
  count(key?: K): number {
    return key === undefined ? this.total : (this.groups.get(key)?.size ?? 0);
  }

  clear(): void {
    this.groups.clear();
    this.total = 0;
  }
}
