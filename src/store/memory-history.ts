/**
 * The in-memory store's messages, tool calls and events, per session in seq order
 * (MemoryStore adds the sessions themselves). Messages and tool calls are stored
 * frozen and handed out as they are (memory-series.ts); events cross the boundary as
 * copies, as they would from a database.
 */

import type { MessageDoc, SessionDoc, ToolCallDoc } from '../model/documents.js';
import type { SessionEvent } from '../model/events.js';
import { MemorySeries } from './memory-series.js';

const copy = structuredClone;
const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;

export abstract class MemoryHistory {
  readonly messages = new MemorySeries<MessageDoc>();
  readonly toolCalls = new MemorySeries<ToolCallDoc>();
  private readonly events = new Map<string, SessionEvent[]>();

  /** Stores a message whose seq the session already handed out; returns the stored one. */
  protected pushMessage(message: MessageDoc): MessageDoc {
    return this.messages.insert([message])[0]!;
  }

  /** The id of the session's newest message (its leaf before branches existed), null when none. */
  protected newestMessageId(session: SessionDoc): string | null {
    if (session.messageCount === 0) return null;
    let newest: MessageDoc | undefined;
    for (const m of this.messages.all()) {
      if (m.sessionId === session._id && (!newest || m.seq > newest.seq)) newest = m;
    }
    return newest?._id ?? null;
  }

  protected removeHistory(sessionId: string): void {
    this.messages.remove(sessionId);
    this.toolCalls.remove(sessionId);
    this.events.delete(sessionId);
  }

  async insertToolCalls(calls: ToolCallDoc[]): Promise<void> {
    this.toolCalls.insert(calls);
  }

  async toolCallsOfTurns(turnIds: readonly string[]): Promise<ToolCallDoc[]> {
    const wanted = new Set(turnIds);
    const found = this.toolCalls.all().filter((c) => wanted.has(c.turnId));
    return found.sort((a, b) => a.seq - b.seq || (a._id < b._id ? -1 : 1));
  }

  async appendEvents(events: readonly SessionEvent[]): Promise<void> {
    // Like an ordered insertMany: events before a duplicate stay stored.
    for (const event of events) {
      const log = listOf(this.events, event.sessionId);
      // Events almost always arrive in order: then the last seq alone rules out a duplicate.
      const last = log.at(-1);
      const inOrder = !last || last.seq < event.seq;
      if (!inOrder && log.some((e) => e.seq === event.seq)) {
        throw new Error(`duplicate event seq ${event.seq} in session ${event.sessionId}`);
      }
      log.push(copy(event));
      if (!inOrder) log.sort(bySeq);
    }
  }

  async readEvents(sessionId: string, afterSeq: number, limit: number): Promise<SessionEvent[]> {
    if (limit <= 0) return [];
    const log = this.events.get(sessionId) ?? [];
    // The log is sorted by seq: binary-search the first event after afterSeq.
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (log[mid]!.seq > afterSeq) hi = mid;
      else lo = mid + 1;
    }
    return copy(log.slice(lo, lo + limit));
  }

  async lastEventSeq(sessionId: string): Promise<number> {
    return this.events.get(sessionId)?.at(-1)?.seq ?? 0;
  }

  async pruneEvents(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const [sessionId, log] of this.events) {
      const kept = log.filter((e) => e.at.getTime() >= olderThan.getTime());
      removed += log.length - kept.length;
      this.events.set(sessionId, kept);
    }
    return removed;
  }
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}
