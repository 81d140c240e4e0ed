/**
 * The in-memory Store: the same documents and semantics as MongoDB, held in Maps.
 * Every value crosses the boundary as a structuredClone, so neither the caller nor
 * the store can change the other's copy (as with a real database). Operations run
 * synchronously inside each async method, which makes each one atomic, like the
 * single-document writes of the MongoDB store.
 */
import type { SessionEvent } from '../runtime/events.js';
import type { Lease, MessageDoc, SessionDoc, ToolCallDoc } from './documents.js';
import { compareSessions, pageOf, sessionVersusKey } from './keyset.js';
import type {
  KeysetPage,
  NewMessage,
  NewSession,
  PruneRules,
  SessionFilter,
  SessionKey,
  Store,
  TurnEnd,
} from './store.js';

const copy = structuredClone;
const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
const versusSeq = (item: { seq: number }, key: number) => item.seq - key;

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, SessionDoc>();
  /** Per session, ordered by seq. */
  private readonly messages = new Map<string, MessageDoc[]>();
  private readonly toolCalls = new Map<string, ToolCallDoc[]>();
  private readonly events = new Map<string, SessionEvent[]>();

  async init(): Promise<void> {}
  async close(): Promise<void> {}
  async ping(): Promise<void> {}

  async ensureSession(s: NewSession): Promise<{ session: SessionDoc; created: boolean }> {
    const existing = this.sessions.get(s.id);
    if (existing) return { session: copy(existing), created: false };
    const session: SessionDoc = {
      _id: s.id,
      userId: s.userId,
      projectId: s.projectId,
      title: s.title,
      titleLocked: false,
      createdAt: s.now,
      updatedAt: s.now,
      messageCount: 0,
      usage: { inputTokens: 0, outputTokens: 0 },
      metadata: s.metadata ?? {},
      nextSeq: 1,
      lease: null,
    };
    this.sessions.set(s.id, copy(session));
    return { session: copy(session), created: true };
  }

  async getSession(id: string): Promise<SessionDoc | null> {
    const session = this.sessions.get(id);
    return session ? copy(session) : null;
  }

  async getSessions(ids: readonly string[]): Promise<SessionDoc[]> {
    return [...new Set(ids)].flatMap((id) => {
      const session = this.sessions.get(id);
      return session ? [copy(session)] : [];
    });
  }

  async listSessions(filter: SessionFilter, page: KeysetPage<SessionKey>): Promise<SessionDoc[]> {
    const sorted = this.sessionsOf(filter).sort(compareSessions);
    return copy(pageOf(sorted, page, sessionVersusKey));
  }

  async countSessions(filter: SessionFilter): Promise<number> {
    return this.sessionsOf(filter).length;
  }

  async renameSession(id: string, title: string, now: Date): Promise<SessionDoc | null> {
    const session = this.sessions.get(id);
    if (!session) return null;
    session.title = title;
    session.titleLocked = true;
    touch(session, now);
    return copy(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.remove(id);
  }

  async pruneSessions(rules: PruneRules): Promise<string[]> {
    const removed: string[] = [];
    if (rules.ttlHours > 0) {
      const cutoff = rules.now.getTime() - rules.ttlHours * 3_600_000;
      for (const s of [...this.sessions.values()]) {
        if (s.updatedAt.getTime() < cutoff && this.remove(s._id)) removed.push(s._id);
      }
    }
    if (rules.maxSessions > 0) {
      const surplus = [...this.sessions.values()].sort(compareSessions).slice(rules.maxSessions);
      for (const s of surplus) if (this.remove(s._id)) removed.push(s._id);
    }
    return removed;
  }

  async acquireLease(sessionId: string, lease: Lease, now: Date): Promise<SessionDoc | null> {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    if (session.lease && session.lease.until.getTime() > now.getTime()) return null;
    const before = copy(session);
    session.lease = copy(lease);
    return before;
  }

  async renewLease(sessionId: string, turnId: string, until: Date): Promise<boolean> {
    const lease = this.sessions.get(sessionId)?.lease;
    if (lease?.turnId !== turnId) return false;
    lease.until = new Date(until);
    return true;
  }

  async findExpiredLeases(now: Date, limit: number): Promise<string[]> {
    const expired: string[] = [];
    for (const session of this.sessions.values()) {
      if (expired.length >= limit) break;
      if (session.lease && session.lease.until <= now) expired.push(session._id);
    }
    return expired;
  }

  async finishTurn(sessionId: string, turnId: string, end: TurnEnd): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    session.usage.inputTokens += end.usage.inputTokens;
    session.usage.outputTokens += end.usage.outputTokens;
    session.nextSeq = Math.max(session.nextSeq, end.nextSeq);
    touch(session, end.now);
    // A lease another turn took over after ours expired stays theirs.
    if (session.lease?.turnId === turnId) session.lease = null;
  }

  async appendMessage(msg: NewMessage): Promise<MessageDoc> {
    const session = this.sessions.get(msg.sessionId);
    if (!session)
      throw new Error(`cannot append a message: session ${msg.sessionId} does not exist`);
    session.messageCount += 1;
    touch(session, msg.createdAt);
    const stored: MessageDoc = { ...copy(msg), seq: session.messageCount };
    listOf(this.messages, msg.sessionId).push(stored);
    return copy(stored);
  }

  async listMessages(sessionId: string, page: KeysetPage<number>): Promise<MessageDoc[]> {
    return copy(pageOf(this.messages.get(sessionId) ?? [], page, versusSeq));
  }

  async countMessages(sessionId: string): Promise<number> {
    return this.messages.get(sessionId)?.length ?? 0;
  }

  async insertToolCalls(calls: ToolCallDoc[]): Promise<void> {
    for (const call of calls) listOf(this.toolCalls, call.sessionId).push(copy(call));
    for (const sessionId of new Set(calls.map((c) => c.sessionId))) {
      listOf(this.toolCalls, sessionId).sort(bySeq);
    }
  }

  async listToolCalls(sessionId: string, page: KeysetPage<number>): Promise<ToolCallDoc[]> {
    return copy(pageOf(this.toolCalls.get(sessionId) ?? [], page, versusSeq));
  }

  async countToolCalls(sessionId: string): Promise<number> {
    return this.toolCalls.get(sessionId)?.length ?? 0;
  }

  async toolCallsOfTurns(turnIds: readonly string[]): Promise<ToolCallDoc[]> {
    const wanted = new Set(turnIds);
    const found = [...this.toolCalls.values()].flat().filter((c) => wanted.has(c.turnId));
    return copy(found.sort((a, b) => a.seq - b.seq || (a._id < b._id ? -1 : 1)));
  }

  async appendEvents(events: readonly SessionEvent[]): Promise<void> {
    // Like an ordered insertMany: events before a duplicate stay stored.
    for (const event of events) {
      const log = listOf(this.events, event.sessionId);
      if (log.some((e) => e.seq === event.seq)) {
        throw new Error(`duplicate event seq ${event.seq} in session ${event.sessionId}`);
      }
      log.push(copy(event));
      if (log.length > 1 && log[log.length - 2]!.seq > event.seq) log.sort(bySeq);
    }
  }

  async readEvents(sessionId: string, afterSeq: number, limit: number): Promise<SessionEvent[]> {
    if (limit <= 0) return [];
    const log = this.events.get(sessionId) ?? [];
    return copy(log.filter((e) => e.seq > afterSeq).slice(0, limit));
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

  private remove(id: string): boolean {
    const existed = this.sessions.delete(id);
    // Owned documents go even when the session is already gone (a half-finished delete).
    this.messages.delete(id);
    this.toolCalls.delete(id);
    this.events.delete(id);
    return existed;
  }

  private sessionsOf(filter: SessionFilter): SessionDoc[] {
    return [...this.sessions.values()].filter(
      (s) =>
        s.userId === filter.userId &&
        (filter.projectId == null || s.projectId === filter.projectId),
    );
  }
}

/** updatedAt never moves backwards, like `$max` in the MongoDB store. */
function touch(session: SessionDoc, at: Date): void {
  if (at.getTime() > session.updatedAt.getTime()) session.updatedAt = new Date(at);
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}
