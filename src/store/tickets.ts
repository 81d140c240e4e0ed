/**
 * One-time WebSocket tickets (`tickets` collection): short-lived, single use, bound
 * to the user who asked for one, valid on any instance sharing the database.
 * Consuming is decided by a delete: of two racing uses only one deletes the
 * document, so only one succeeds (also on FerretDB, whose updates are not atomic).
 */
import type { Db } from 'mongodb';
import { createIndexes } from './mongo-indexes.js';

export interface TicketDoc {
  _id: string;
  userId: string;
  isAdmin: boolean;
  expiresAt: Date;
}

export interface TicketStore {
  init(): Promise<void>;
  create(ticket: TicketDoc): Promise<void>;
  /** The ticket's owner if it existed, had not expired at `now` and this call used it up. */
  consume(ticket: string, now: Date): Promise<TicketDoc | null>;
  /** Removes expired tickets; returns how many. */
  pruneExpired(now: Date): Promise<number>;
}

export class MemoryTicketStore implements TicketStore {
  private readonly tickets = new Map<string, TicketDoc>();

  async init(): Promise<void> {}

  async create(ticket: TicketDoc): Promise<void> {
    this.tickets.set(ticket._id, { ...ticket });
  }

  async consume(ticket: string, now: Date): Promise<TicketDoc | null> {
    const doc = this.tickets.get(ticket);
    if (!doc) return null;
    this.tickets.delete(ticket);
    return doc.expiresAt > now ? doc : null;
  }

  async pruneExpired(now: Date): Promise<number> {
    let removed = 0;
    for (const [id, doc] of this.tickets) {
      if (doc.expiresAt <= now && this.tickets.delete(id)) removed++;
    }
    return removed;
  }
}

export class MongoTicketStore implements TicketStore {
  private readonly tickets;

  constructor(db: Db) {
    this.tickets = db.collection<TicketDoc>('tickets');
  }

  async init(): Promise<void> {
    await createIndexes(this.tickets, [{ key: { expiresAt: 1 }, name: 'expiresAt' }]);
  }

  async create(ticket: TicketDoc): Promise<void> {
    await this.tickets.insertOne(ticket);
  }

  async consume(ticket: string, now: Date): Promise<TicketDoc | null> {
    const doc = await this.tickets.findOne({ _id: ticket });
    if (!doc) return null;
    const { deletedCount } = await this.tickets.deleteOne({ _id: ticket });
    // Whoever deleted it used it; an expired ticket is used up without granting anything.
    return deletedCount === 1 && doc.expiresAt > now ? doc : null;
  }

  async pruneExpired(now: Date): Promise<number> {
    const { deletedCount } = await this.tickets.deleteMany({ expiresAt: { $lte: now } });
    return deletedCount;
  }
}
