/**
 * The AuditLog contract on the run's MongoDB-wire server (FerretDB 1.24 by default).
 * The second instance has its own MongoClient, as another server process would.
 */
import { MongoClient } from 'mongodb';
import { expect, it } from 'vitest';
import { MongoAuditLog } from '../src/audit/mongo-log.js';
import { auditLogContract } from './audit-log.contract.js';
import { useTestDatabase } from './support/mongo.js';

auditLogContract('mongo', async () => {
  const test = await useTestDatabase('audit');
  const otherClient = await new MongoClient(test.uri, { serverSelectionTimeoutMS: 5000 }).connect();
  const log = new MongoAuditLog(test.db);
  const raw = test.db.collection<{ _id: number }>('audit');
  return {
    log,
    instances: [log, new MongoAuditLog(otherClient.db(test.dbName))],
    async tamper(seq, fields) {
      const { matchedCount } = await raw.updateOne({ _id: seq }, { $set: fields });
      if (matchedCount !== 1) throw new Error(`no entry ${seq}`);
    },
    async remove(seq) {
      await raw.deleteOne({ _id: seq });
    },
    async cleanup() {
      await otherClient.close();
      await test.drop();
    },
  };
});

it('init() can run again on an existing trail (every restart does)', async () => {
  const db = await useTestDatabase('audit_reinit');
  try {
    await new MongoAuditLog(db.db).init();
    await new MongoAuditLog(db.db).init();
    const log = new MongoAuditLog(db.db);
    await log.init();
    expect(
      (
        await log.append({
          at: new Date(),
          actor: 'system',
          action: 'OTHER',
          detail: null,
          resource: 'x',
        })
      ).seq,
    ).toBe(1);
  } finally {
    await db.drop();
  }
});
