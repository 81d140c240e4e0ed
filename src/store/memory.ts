/**
 * The in-memory Store: the same documents and semantics as MongoDB, held in Maps.
 * Sessions, messages and tool calls are stored as frozen copies and handed out as
 * they are (frozen-map.ts, memory-series.ts): neither the caller nor the store can
 * change the other's document (as with a real database), and a read copies nothing.
 * The other documents cross the boundary as a structuredClone. Operations run
 * synchronously inside each async method, which makes each one atomic, like the
 * single-document writes of the MongoDB store.
 */
import type { Lease, MessageDoc, SessionDoc } from '../model/documents.js';
import { FrozenMap } from './frozen-map.js';
import { compareSessions, pageOf, sessionVersusKey } from './keyset.js';
import { MemoryApprovals } from './memory-approvals.js';
import { MemoryHistory } from './memory-history.js';
import { MemoryMemories } from './memory-memories.js';
import { MemoryQueuedTurns } from './memory-queued-turns.js';
import { MemorySessionUpdates } from './memory-session-updates.js';
import { MemoryTree } from './memory-tree.js';
import {
  type KeysetPage,
  type NewMessage,
  type NewSession,
  newSessionDoc,
  type PruneRules,
  type RemovedSession,
  type SessionFilter,
  type SessionKey,
  type Store,
  type TurnEnd,
} from './store.js';

/** Sessions and leases here; messages, tool calls and events in MemoryHistory. */
export class MemoryStore extends MemoryHistory implements Store {
  readonly kind = 'memory' as const;
  private readonly sessions = new FrozenMap<SessionDoc>();
  readonly queuedTurns = new MemoryQueuedTurns();
  readonly approvals = new MemoryApprovals();
  readonly memories = new MemoryMemories();
  readonly sessionUpdates = new MemorySessionUpdates();
  readonly tree = new MemoryTree(this.messages, this.sessions);

  async init(): Promise<void> {}
  async close(): Promise<void> {}
  async ping(): Promise<void> {}
  /** Memory is never out of reach. */
  isUnavailable(_error: unknown): boolean {
    return false;
  }

  async ensureSession(s: NewSession): Promise<{ session: SessionDoc; created: boolean }> {
    const existing = this.sessions.get(s.id);
    if (existing) return { session: existing, created: false };
    return { session: this.sessions.set(s.id, newSessionDoc(s)), created: true };
  }

  async getSession(id: string): Promise<SessionDoc | null> {
    return this.sessions.get(id) ?? null;
  }

  async getSessions(ids: readonly string[]): Promise<SessionDoc[]> {
    const found: SessionDoc[] = [];
    for (const id of new Set(ids)) {
      const session = this.sessions.get(id);
      if (session) found.push(session);
    }
    return found;
  }

  async listSessions(filter: SessionFilter, page: KeysetPage<SessionKey>): Promise<SessionDoc[]> {
    const sorted = this.sessionsOf(filter).sort(compareSessions);
    return pageOf(sorted, page, sessionVersusKey);
  }

  async countSessions(filter: SessionFilter): Promise<number> {
    return this.sessionsOf(filter).length;
  }

  async renameSession(id: string, title: string, now: Date): Promise<SessionDoc | null> {
    const renamed = this.sessions.change(id, (session) => {
      session.title = title;
      session.titleLocked = true;
      touch(session, now);
    });
    return renamed ?? null;
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.remove(id);
  }

  async pruneSessions(rules: PruneRules): Promise<RemovedSession[]> {
    const removed: RemovedSession[] = [];
    const inScope = () =>
      [...this.sessions.values()].filter(
        (s) => rules.userId === undefined || s.userId === rules.userId,
      );
    if (rules.ttlHours > 0) {
      const cutoff = rules.now.getTime() - rules.ttlHours * 3_600_000;
      for (const s of inScope()) {
        if (s.updatedAt.getTime() < cutoff && this.remove(s._id)) removed.push(removedOf(s));
      }
    }
    if (rules.maxSessions > 0) {
      // Per user: one user's new sessions never push out another's.
      const byUser = new Map<string, SessionDoc[]>();
      for (const s of inScope()) {
        const own = byUser.get(s.userId);
        if (own) own.push(s);
        else byUser.set(s.userId, [s]);
      }
      for (const sessions of byUser.values()) {
        const surplus = sessions.sort(compareSessions).slice(rules.maxSessions);
        for (const s of surplus) if (this.remove(s._id)) removed.push(removedOf(s));
      }
    }
    return removed;
  }

  async acquireLease(sessionId: string, lease: Lease, now: Date): Promise<SessionDoc | null> {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    if (session.lease && session.lease.until.getTime() > now.getTime()) return null;
    this.sessions.change(sessionId, (taken) => {
      taken.lease = lease;
    });
    return session;
  }

  async renewLease(sessionId: string, turnId: string, until: Date): Promise<boolean> {
    if (this.sessions.get(sessionId)?.lease?.turnId !== turnId) return false;
    this.sessions.change(sessionId, (session) => {
      session.lease!.until = new Date(until);
    });
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

  async finishTurn(sessionId: string, turnId: string, end: TurnEnd): Promise<SessionDoc | null> {
    const finished = this.sessions.change(sessionId, (session) => {
      session.usage.inputTokens += end.usage.inputTokens;
      session.usage.outputTokens += end.usage.outputTokens;
      session.nextSeq = Math.max(session.nextSeq, end.nextSeq);
      touch(session, end.now);
      // A lease another turn took over after ours expired stays theirs.
      if (session.lease?.turnId === turnId) session.lease = null;
    });
    return finished ?? null;
  }

  async appendMessage(msg: NewMessage): Promise<MessageDoc> {
    const { forks, parentId, ...fields } = msg;
    const session = this.sessions.get(msg.sessionId);
    if (!session)
      throw new Error(`cannot append a message: session ${msg.sessionId} does not exist`);
    const leaf = session.activeLeafId ?? this.newestMessageId(session);
    const { messageCount } = this.sessions.change(msg.sessionId, (changed) => {
      changed.messageCount += 1;
      changed.activeLeafId = msg._id;
      if (forks) changed.branched = true;
      touch(changed, msg.createdAt);
    })!;
    const parent = parentId === undefined ? leaf : parentId;
    return this.pushMessage({ ...fields, seq: messageCount, parentId: parent });
  }

  private remove(id: string): boolean {
    const existed = this.sessions.delete(id);
    // Owned documents go even when the session is already gone (a half-finished delete).
    this.removeHistory(id);
    this.queuedTurns.removeSession(id);
    this.approvals.removeSession(id);
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
function removedOf(session: SessionDoc): RemovedSession {
  return { id: session._id, userId: session.userId };
}

function touch(session: SessionDoc, at: Date): void {
  if (at.getTime() > session.updatedAt.getTime()) session.updatedAt = new Date(at);
}
