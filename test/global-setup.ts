/**
 * Finds the MongoDB-wire server for the whole test run (DESIGN.md, "Tests run against
 * real services"): MONGODB_URI, else FerretDB (found or built), else
 * mongodb-memory-server-core. With none, the MongoDB tests fail with how to provide one;
 * the rest of the suite still runs.
 */
import type { TestProject } from 'vitest/node';
import { findFerretDb, startFerretDb } from './support/ferretdb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's URI; null when none could be found (see mongoUnavailable). */
    mongoUri: string | null;
    mongoUnavailable: string | null;
  }
}

export const NO_MONGODB = [
  'No MongoDB-wire server for the tests. Provide one of:',
  '  - MONGODB_URI=mongodb://host:port (any MongoDB 6+ or FerretDB 1.24 server);',
  '  - a FerretDB 1.24 binary: FERRETDB_BIN=/path/to/ferretdb, or `ferretdb` on PATH;',
  '  - Go (https://go.dev/dl/) on PATH, so the tests build FerretDB themselves, or build it',
  '    once with `bash scripts/build-ferretdb.sh`;',
  '  - the mongodb-memory-server-core package (downloads mongod; needs network access).',
].join('\n');

interface Server {
  uri: string;
  stop(): Promise<void>;
}

async function memoryServer(): Promise<Server | null> {
  // Optional and not a dependency: a variable specifier keeps TypeScript from resolving it.
  const name = 'mongodb-memory-server-core';
  let mod: {
    MongoMemoryServer: { create(): Promise<{ getUri(): string; stop(): Promise<unknown> }> };
  };
  try {
    mod = await import(name);
  } catch {
    return null;
  }
  const server = await mod.MongoMemoryServer.create();
  return { uri: server.getUri(), stop: async () => void (await server.stop()) };
}

async function findServer(): Promise<Server | null> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => {} };
  const bin = await findFerretDb({ build: true });
  if (bin) {
    const ferret = await startFerretDb({ bin });
    return { uri: ferret.uri, stop: ferret.dispose };
  }
  return memoryServer();
}

export default async function setup(project: TestProject) {
  const server = await findServer();
  project.provide('mongoUri', server?.uri ?? null);
  project.provide('mongoUnavailable', server ? null : NO_MONGODB);
  return async () => {
    await server?.stop();
  };
}
