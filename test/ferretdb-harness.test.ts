/**
 * The private FerretDB instances tests use for outages: stop() keeps the data, and
 * a restart on the same port and data directory serves it again.
 */
import { afterAll, expect, it } from 'vitest';
import { MongoStore } from '../src/store/mongo.js';
import { type FerretDbInstance, startFerretDb } from './support/mongo.js';

const instances: FerretDbInstance[] = [];
afterAll(async () => {
  // Newest first: the first instance owns the data directory the restart reuses.
  for (const instance of instances.reverse()) await instance.dispose();
});

it('stops and restarts a private FerretDB with its data', async () => {
  const first = await startFerretDb();
  instances.push(first);
  const store = await MongoStore.connect({
    uri: first.uri,
    dbName: 'harness',
    serverSelectionTimeoutMS: 500,
  });
  try {
    await store.init();
    await store.ensureSession({
      id: 's1',
      userId: 'u',
      projectId: null,
      title: null,
      now: new Date(),
    });

    await first.stop();
    await expect(store.ping()).rejects.toThrow();

    const second = await startFerretDb({ port: first.port, dataDir: first.dataDir });
    instances.push(second);
    expect(second.uri).toBe(first.uri);
    // The same client reconnects once the server is back.
    await expect
      .poll(
        () =>
          store.ping().then(
            () => true,
            () => false,
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(await store.getSession('s1')).toMatchObject({ _id: 's1', userId: 'u', title: null });
  } finally {
    await store.close();
  }
});
