/**
 * A MongoDB-wire server for the bench's MongoDB mode: MONGODB_URI when set, else a
 * private FerretDB started the way the tests start it (found, or built by
 * scripts/build-ferretdb.sh the first time). Each Parley gets a database of its own,
 * all dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startFerretDb } from '../../test/support/ferretdb.js';

export interface BenchMongo {
  /** Which server this is, for the report. */
  description: string;
  /** MONGODB_URI and MONGODB_DB for a Parley on a new, empty database. */
  freshEnv(): Record<string, string>;
  close(): Promise<void>;
}

export async function openBenchMongo(): Promise<BenchMongo> {
  const given = process.env.MONGODB_URI;
  const ferret = given ? undefined : await startFerretDb();
  const uri = given ?? ferret!.uri;
  const databases: string[] = [];
  return {
    description: given
      ? 'the server at MONGODB_URI'
      : 'FerretDB 1.24 (SQLite backend) on loopback, started by the bench',
    freshEnv() {
      // FerretDB's SQLite backend takes letters, digits and underscores only.
      databases.push(`bench_${randomBytes(6).toString('hex')}`);
      return { MONGODB_URI: uri, MONGODB_DB: databases.at(-1)! };
    },
    async close() {
      if (ferret) return ferret.dispose();
      const client = await new MongoClient(uri).connect();
      try {
        for (const name of databases) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
