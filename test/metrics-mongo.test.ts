/**
 * parley_mongodb_commands_total: MongoDB round trips by command name, fed by the
 * driver's command events (the bench reads it to count round trips per turn).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/observability/metrics.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const mongo = storeVariants.find((v) => v.name === 'mongo')!;

/** Every sample of the counter, by its `command` label. */
function commands(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^parley_mongodb_commands_total\{command="(\w+)"\} (\d+)$/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

describe('parley_mongodb_commands_total', () => {
  it('counts the commands a turn sends to MongoDB', async () => {
    const server = await startServer(await mongo.env());
    const read = async () => commands(await (await fetch(`${server.url}/metrics`)).text());
    const before = await read();
    const sent = await server.gql<any>(SEND_CHAT, { input: { content: 'hello' } });
    expect(sent.data.sendChat.status).toBe('COMPLETED');
    const after = await read();
    // A turn stores messages and events (insert), moves the session on (update or
    // findAndModify) and reads the session back (find).
    expect(after.insert).toBeGreaterThan(before.insert ?? 0);
    expect((after.update ?? 0) + (after.findAndModify ?? 0)).toBeGreaterThan(
      (before.update ?? 0) + (before.findAndModify ?? 0),
    );
    expect(after.find).toBeGreaterThan(before.find ?? 0);
  });

  it('counts a command it does not list as other', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.countMongoCommand('find');
    metrics.countMongoCommand('listCollections');
    metrics.countMongoCommand('dropDatabase');
    expect(commands(await metrics.render())).toEqual({ find: 1, other: 2 });
  });
});
