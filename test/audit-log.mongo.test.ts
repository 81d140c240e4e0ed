/**
 * The AuditLog contract on the run's MongoDB-wire server (FerretDB 1.24 by default).
 * The second instance has its own MongoClient, as another server process would.
 */
import { MongoClient } from 'mongodb';
import { MongoAuditLog } from '../src/store/audit-mongo.js';
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
