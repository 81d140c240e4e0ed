/**
 * Expired tickets are removed by the periodic prune (memory and FerretDB stores): one
 * that was never used is gone after a prune, a live one stays and still works.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/observability/logger.js';
import { startTicketPruner } from '../src/runtime/maintenance/ticket-pruner.js';
import { MemoryTicketStore, MongoTicketStore, type TicketStore } from '../src/store/tickets.js';
import { useTestDatabase } from './support/mongo.js';

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

const logger = createLogger(
  { logLevel: 'warn' },
  new Writable({ write: (_chunk, _enc, done) => done() }),
);

interface Variant {
  name: string;
  open(): Promise<{ tickets: TicketStore; stored(id: string): Promise<boolean> }>;
}

const variants: Variant[] = [
  {
    name: 'memory',
    open: async () => {
      const tickets = new MemoryTicketStore();
      // Whether a ticket is still there, without using it up.
      const stored = async (id: string) => has(tickets, id);
      return { tickets, stored };
    },
  },
  {
    name: 'mongo',
    open: async () => {
      const database = await useTestDatabase('ticket_pruner');
      drops.push(database.drop);
      const tickets = new MongoTicketStore(database.db);
      await tickets.init();
      const stored = async (id: string) =>
        (await database.db.collection('tickets').countDocuments({ _id: id as never })) === 1;
      return { tickets, stored };
    },
  },
];

/** The memory store's map, read for the test only. */
function has(tickets: MemoryTicketStore, id: string): boolean {
  return (tickets as unknown as { tickets: Map<string, unknown> }).tickets.has(id);
}

const ticket = (id: string, msFromNow: number) => ({
  _id: id,
  userId: 'alice',
  isAdmin: false,
  expiresAt: new Date(Date.now() + msFromNow),
});

describe.each(variants)('ticket pruner ($name)', ({ open }) => {
  it('a prune removes the expired ticket and keeps the live one', async () => {
    const { tickets, stored } = await open();
    await tickets.create(ticket('expired', -1_000));
    await tickets.create(ticket('live', 30_000));
    const pruner = startTicketPruner({ tickets, logger });
    try {
      expect(await pruner.pruneNow()).toBe(1);
      expect(await stored('expired')).toBe(false);
      expect(await stored('live')).toBe(true);
      expect(await tickets.consume('live', new Date())).toMatchObject({ userId: 'alice' });
    } finally {
      await pruner.stop();
    }
  });

  it('runs by itself every interval', async () => {
    const { tickets, stored } = await open();
    const pruner = startTicketPruner({ tickets, logger, intervalMs: 20 });
    try {
      await tickets.create(ticket('expired-later', -1));
      await tickets.create(ticket('live-later', 30_000));
      await expect.poll(() => stored('expired-later'), { timeout: 5_000 }).toBe(false);
      expect(await stored('live-later')).toBe(true);
    } finally {
      await pruner.stop();
    }
  });
});
