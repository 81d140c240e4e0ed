/** One-time tickets: issued through GraphQL, used once, never after expiry, races have one winner. */
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryTicketStore, MongoTicketStore, type TicketStore } from '../src/store/tickets.js';
import { useTestDatabase } from './support/mongo.js';
import { disposeAll, startServer } from './support/server.js';

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await disposeAll();
  for (const drop of drops) await drop();
});

async function mongoPair(): Promise<[TicketStore, TicketStore]> {
  // Two clients, as two server instances would have.
  const a = await useTestDatabase('tickets');
  const b = await useTestDatabase('tickets');
  drops.push(a.drop, b.drop);
  const first = new MongoTicketStore(a.db);
  await first.init();
  return [first, new MongoTicketStore(b.client.db(a.dbName))];
}

const variants = [
  {
    name: 'memory',
    pair: async (): Promise<[TicketStore, TicketStore]> => {
      const one = new MemoryTicketStore();
      return [one, one];
    },
  },
  { name: 'mongo', pair: mongoPair },
];

describe.each(variants)('tickets ($name)', ({ pair }) => {
  it('a ticket works once, bound to its user', async () => {
    const [a, b] = await pair();
    const expiresAt = new Date(Date.now() + 30_000);
    await a.create({ _id: 't1', userId: 'alice', isAdmin: false, expiresAt });
    expect(await b.consume('t1', new Date())).toMatchObject({ userId: 'alice', isAdmin: false });
    expect(await a.consume('t1', new Date())).toBeNull();
    expect(await b.consume('never-issued', new Date())).toBeNull();
  });

  it('an expired ticket is refused', async () => {
    const [a] = await pair();
    await a.create({
      _id: 't2',
      userId: 'bob',
      isAdmin: false,
      expiresAt: new Date(Date.now() - 1),
    });
    expect(await a.consume('t2', new Date())).toBeNull();
  });

  it('of 20 racing uses on two connections exactly one succeeds', async () => {
    const [a, b] = await pair();
    await a.create({
      _id: 't3',
      userId: 'carol',
      isAdmin: false,
      expiresAt: new Date(Date.now() + 30_000),
    });
    const uses = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consume('t3', new Date()));
    const winners = (await Promise.all(uses)).filter(Boolean);
    expect(winners).toHaveLength(1);
  });
});

describe('createChatTicket', () => {
  it('issues a 30-second ticket stored for the caller', async () => {
    const s = await startServer();
    const before = Date.now();
    const result = await s.gql<any>('mutation { createChatTicket { ticket expiresAt } }');
    const { ticket, expiresAt } = result.data!.createChatTicket;
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = Date.parse(expiresAt) - before;
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(31_000);
    expect(await s.app.services.tickets.consume(ticket, new Date())).toMatchObject({
      userId: 'default',
    });
  });
});
