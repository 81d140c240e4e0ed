/**
 * The MongoDB store's queued-turn records (see runtime/turns/queued.ts): one document
 * per turn, inserted once, renewed by its owner only, deleted once. Claiming a turn is
 * a deleteOne whose deletedCount says who won, so no two writers ever modify one
 * document at once (which FerretDB 1.x would not isolate).
 */
import type { Collection } from 'mongodb';
import type { QueuedTurnDoc } from '../model/documents.js';
import type { QueuedTurnStore } from './store.js';

/** Bounds the sessions read per sweep when many expired turns share one session. */
const SCAN_FACTOR = 10;

export class MongoQueuedTurns implements QueuedTurnStore {
  constructor(private readonly turns: Collection<QueuedTurnDoc>) {}

  async add(turn: QueuedTurnDoc): Promise<void> {
    await this.turns.insertOne(turn);
  }

  async renew(turnIds: readonly string[], until: Date): Promise<void> {
    if (turnIds.length === 0) return;
    await this.turns.updateMany({ _id: { $in: [...turnIds] } }, { $set: { until } });
  }

  async remove(turnId: string): Promise<boolean> {
    const { deletedCount } = await this.turns.deleteOne({ _id: turnId });
    return deletedCount === 1;
  }

  async markCancelled(turnId: string): Promise<void> {
    await this.turns.updateOne({ _id: turnId }, { $set: { cancelled: true } });
  }

  of(sessionId: string): Promise<QueuedTurnDoc[]> {
    return this.turns.find({ sessionId }).sort({ at: 1, _id: 1 }).toArray();
  }

  async findExpired(now: Date, limit: number): Promise<string[]> {
    const docs = await this.turns
      .find({ until: { $lte: now } }, { projection: { sessionId: 1 } })
      .limit(limit * SCAN_FACTOR)
      .toArray();
    return [...new Set(docs.map((d) => d.sessionId))].slice(0, limit);
  }
}
