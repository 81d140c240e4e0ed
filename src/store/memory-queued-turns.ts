/**
 * The in-memory store's queued-turn records (see runtime/turns/queued.ts), with the
 * same semantics as the `queuedTurns` collection of the MongoDB store.
 */
import type { QueuedTurnDoc } from '../model/documents.js';
import type { QueuedTurnStore } from './store.js';

const copy = structuredClone;

export class MemoryQueuedTurns implements QueuedTurnStore {
  private readonly turns = new Map<string, QueuedTurnDoc>();

  async add(turn: QueuedTurnDoc): Promise<void> {
    // Like a unique _id: a second insert of one turn fails.
    if (this.turns.has(turn._id)) throw new Error(`queued turn ${turn._id} exists already`);
    this.turns.set(turn._id, copy(turn));
  }

  async renew(turnIds: readonly string[], until: Date): Promise<void> {
    for (const id of turnIds) {
      const turn = this.turns.get(id);
      if (turn) turn.until = new Date(until);
    }
  }

  async remove(turnId: string): Promise<boolean> {
    return this.turns.delete(turnId);
  }

  async markCancelled(turnId: string): Promise<void> {
    const turn = this.turns.get(turnId);
    if (turn) turn.cancelled = true;
  }

  async of(sessionId: string): Promise<QueuedTurnDoc[]> {
    const own = [...this.turns.values()].filter((t) => t.sessionId === sessionId);
    own.sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));
    return copy(own);
  }

  async findExpired(now: Date, limit: number): Promise<string[]> {
    const sessions = new Set<string>();
    for (const turn of this.turns.values()) {
      if (sessions.size >= limit) break;
      if (turn.until <= now) sessions.add(turn.sessionId);
    }
    return [...sessions];
  }

  removeSession(sessionId: string): void {
    for (const [id, turn] of this.turns) if (turn.sessionId === sessionId) this.turns.delete(id);
  }
}
