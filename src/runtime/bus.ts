/**
 * Fan-out of stored events to this instance's subscribers, per session.
 * `LocalBus` is the in-process implementation; a Redis-backed bus (for several
 * instances) publishes through Redis and delivers what it receives to a LocalBus.
 */
import type { SessionEvent } from './events.js';

export type Listener = (event: SessionEvent) => void;

export interface EventBus {
  /** Sends an already stored event to every subscriber of its session (on every instance). */
  publish(event: SessionEvent): void;
  /**
   * Resolves, with the function that unsubscribes, once the listener is live on every
   * instance's publications (for Redis: once the channel subscription is acknowledged).
   */
  subscribe(sessionId: string, listener: Listener): Promise<() => void>;
  /** How many live listeners this instance holds, in all or for one session (metrics, tests). */
  listenerCount(sessionId?: string): number;
  close(): Promise<void>;
}

export class LocalBus implements EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private count = 0;

  publish(event: SessionEvent): void {
    this.deliver(event);
  }

  /** Calls each listener of the event's session; one failing listener never starves the rest. */
  deliver(event: SessionEvent): void {
    const set = this.listeners.get(event.sessionId);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch {
        // A listener owns its failure handling; the bus keeps delivering.
      }
    }
  }

  async subscribe(sessionId: string, listener: Listener): Promise<() => void> {
    return this.subscribeNow(sessionId, listener);
  }

  /** Subscribes synchronously (the Redis bus builds on this). */
  subscribeNow(sessionId: string, listener: Listener): () => void {
    let set = this.listeners.get(sessionId);
    if (!set) {
      set = new Set();
      this.listeners.set(sessionId, set);
    }
    set.add(listener);
    this.count++;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.count--;
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(sessionId);
    };
  }

  listenerCount(sessionId?: string): number {
    return sessionId === undefined ? this.count : (this.listeners.get(sessionId)?.size ?? 0);
  }

  hasListeners(sessionId: string): boolean {
    return this.listeners.has(sessionId);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.count = 0;
  }
}
