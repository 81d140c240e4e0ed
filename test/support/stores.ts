/** Runs a server-level suite against each store: in-memory and MongoDB (FerretDB). */
import { afterAll } from 'vitest';
import { useTestDatabase } from './mongo.js';

export interface StoreVariant {
  name: string;
  /** Environment for startServer selecting this store (a fresh database each call). */
  env(): Promise<Record<string, string>>;
}

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops.splice(0)) await drop();
});

export const storeVariants: StoreVariant[] = [
  { name: 'memory', env: async () => ({}) },
  {
    name: 'mongo',
    env: async () => {
      const db = await useTestDatabase('srv');
      drops.push(db.drop);
      return { MONGODB_URI: db.uri, MONGODB_DB: db.dbName };
    },
  },
];
