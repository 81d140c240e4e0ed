/**
 * Fan-out of stored events to this instance's subscribers, per session.
 * `LocalBus` is the in-process implementation; a Redis-backed bus (for several
 * instances) publishes through Redis and delivers what it receives to a LocalBus.
 */
import { ListenerSets } from '../../lib/listener-sets.js';
import type { SessionEvent } from '../../model/events.js';

/** What one subscriber of a session hears from the bus. */
export interface SessionListener {
  /** A stored event of the session. */
  event(event: SessionEvent): void;
  /**
   * The session was deleted or pruned (on some instance). The id may already belong to
   * a new session, so the listener checks whether the session it follows is gone.
   */
  ended(): void;
  /**
   * Publications may have been lost (the fan-out was cut off and is back): the
   * listener re-reads the event log from the last seq it has.
   */
  resync(): void;
  /**
   * Resolves once the listener's consumer has taken everything it was given (graceful
   * shutdown waits for it before cutting the connections); absent: nothing to wait for.
   */
  delivered?(): Promise<void>;
}

export type PublishedListener = (event: SessionEvent) => void;

export interface EventBus {
  /** Sends an already stored event to every subscriber of its session (on every instance). */
  publish(event: SessionEvent): void;
  /**
   * Calls `listener` with every event published on this instance, after this instance's
   * subscribers got it, and never with one received from another instance: each event
   * is heard once, where it was stored (the audit trail and metrics listen here).
   */
  onPublished(listener: PublishedListener): () => void;
  /** Tells every subscriber of the session, on every instance, that it was deleted. */
  publishEnded(sessionId: string): void;
  /**
   * Resolves, with the function that unsubscribes, once the listener is live on every
   * instance's publications (for Redis: once the channel subscription is acknowledged).
   */
  subscribe(sessionId: string, listener: SessionListener): Promise<() => void>;
  /** How many live listeners this instance holds, in all or for one session (metrics, tests). */
  listenerCount(sessionId?: string): number;
  /** Resolves once every listener of this instance has handed on what it was given. */
  delivered(): Promise<void>;
  close(): Promise<void>;
}

export class LocalBus implements EventBus {
  private readonly listeners = new ListenerSets<string, SessionListener>();
  private readonly published = new Set<PublishedListener>();

  publish(event: SessionEvent): void {
    this.deliver(event);
    for (const listener of this.published) {
      try {
        listener(event);
      } catch {
        // As for subscribers: a listener owns its failure handling.
      }
    }
  }

  onPublished(listener: PublishedListener): () => void {
    this.published.add(listener);
    return () => this.published.delete(listener);
  }

  publishEnded(sessionId: string): void {
    this.each(sessionId, (listener) => listener.ended());
  }

  /** Calls each listener of the event's session; one failing listener never starves the rest. */
  deliver(event: SessionEvent): void {
    this.each(event.sessionId, (listener) => listener.event(event));
  }

  /** Every listener of this instance re-reads the log (the Redis bus calls it after an outage). */
  resyncAll(): void {
    for (const sessionId of [...this.listeners.keys()]) {
      this.each(sessionId, (listener) => listener.resync());
    }
  }

  private each(sessionId: string, call: (listener: SessionListener) => void): void {
    const set = this.listeners.of(sessionId);
    if (!set) return;
    for (const listener of set) {
      try {
        call(listener);
      } catch {
        // A listener owns its failure handling; the bus keeps delivering.
      }
    }
  }

  async subscribe(sessionId: string, listener: SessionListener): Promise<() => void> {
    return this.subscribeNow(sessionId, listener);
  }

  /** Subscribes synchronously (the Redis bus builds on this). */
  subscribeNow(sessionId: string, listener: SessionListener): () => void {
    return this.listeners.add(sessionId, listener);
  }

  listenerCount(sessionId?: string): number {
    return this.listeners.count(sessionId);
  }

  async delivered(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const set of this.listeners.all()) {
      for (const listener of set) if (listener.delivered) waits.push(listener.delivered());
    }
    await Promise.all(waits);
  }

  hasListeners(sessionId: string): boolean {
    return this.listeners.has(sessionId);
  }

  /** Sessions with listeners here (the Redis bus re-subscribes them after an outage). */
  sessionIds(): IterableIterator<string> {
    return this.listeners.keys();
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
