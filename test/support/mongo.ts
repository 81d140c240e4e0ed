/**
 * Test databases on the run's MongoDB-wire server (see test/global-setup.ts): each
 * test file gets its own database, dropped when it is done.
 */
import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { MongoStore } from '../../src/store/mongo.js';

export { type FerretDbInstance, findFerretDb, startFerretDb } from './ferretdb.js';

export interface TestDatabase {
  uri: string;
  dbName: string;
  client: MongoClient;
  db: Db;
  /** Drops the database and closes the client. */
  drop(): Promise<void>;
}

/** The run's server URI; throws, saying how to provide one, when there is none. */
export function testMongoUri(): string {
  const uri = inject('mongoUri');
  if (!uri) throw new Error(inject('mongoUnavailable') ?? 'no MongoDB-wire server for the tests');
  return uri;
}

/** A unique name: FerretDB's SQLite backend allows 63 letters, digits and underscores. */
export function testDbName(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40);
  return `t_${safe}_${randomBytes(6).toString('hex')}`;
}

export async function useTestDatabase(label: string): Promise<TestDatabase> {
  const uri = testMongoUri();
  const dbName = testDbName(label);
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
  const db = client.db(dbName);
  return {
    uri,
    dbName,
    client,
    db,
    async drop() {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** A MongoStore (indexes ensured) on a fresh database; cleanup closes it and drops the database. */
export async function connectTestStore(
  label: string,
): Promise<{ store: MongoStore; uri: string; dbName: string; cleanup(): Promise<void> }> {
  const test = await useTestDatabase(label);
  const store = await MongoStore.connect({ uri: test.uri, dbName: test.dbName });
  await store.init();
  return {
    store,
    uri: test.uri,
    dbName: test.dbName,
    async cleanup() {
      await store.close();
      await test.drop();
    },
  };
}
