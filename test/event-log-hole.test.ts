/**
 * A hole in the event log (events that were never stored, as old versions could leave
 * after a failed write: seqs ...77, 78, 81) must not leave a subscriber polling
 * forever (issue 11, case 8): it waits up to SUBSCRIPTION_STALL_MS for the hole to fill,
 * looking again a few times a second, then ends with EVENTS_LOST, saying where to resume.
 */
import { afterEach, expect, it } from 'vitest';
import type { SessionEvent } from '../src/model/events.js';
import { type EventsData, SEND_CHAT, SESSION_EVENTS } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const mongo = storeVariants.find((v) => v.name === 'mongo')!;
const STALL_MS = 1500;

/** The `find` commands this server sent so far (parley_mongodb_commands_total). */
async function finds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^parley_mongodb_commands_total\{command="find"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

it('a subscriber resuming across a hole gets EVENTS_LOST within the stall period, after a bounded number of reads', async () => {
  const s = await startServer({ ...(await mongo.env()), SUBSCRIPTION_STALL_MS: String(STALL_MS) });
  const sent = await s.gql<any>(SEND_CHAT, { input: { content: 'hello there' } });
  const { sessionId, id: turnId } = sent.data.sendChat;
  const store = s.app.services.store;
  const stored = await store.readEvents(sessionId, 0, 100);
  const last = stored.at(-1)!;
  // Two seqs missing after the turn's events, then one more stored: a hole.
  const after: SessionEvent = { ...last, seq: last.seq + 3, at: new Date() };
  await store.appendEvents([after]);

  const before = await finds(s.url);
  const started = performance.now();
  const results: { data?: EventsData | null; errors?: readonly any[] }[] = [];
  await new Promise<void>((resolve, reject) => {
    s.wsClient().subscribe<EventsData>(
      { query: SESSION_EVENTS, variables: { sessionId, afterSeq: 0 } },
      { next: (r) => results.push(r), error: reject, complete: resolve },
    );
  });
  const ms = performance.now() - started;
  const reads = (await finds(s.url)) - before;

  const events = results.flatMap((r) => (r.data ? [r.data.sessionEvents] : []));
  expect(events.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
  expect(events.every((e) => e.turnId === turnId)).toBe(true);
  const error = results.at(-1)!.errors![0];
  expect(error.extensions).toMatchObject({
    code: 'EVENTS_LOST',
    lastSeq: last.seq,
    nextSeq: last.seq + 3,
  });
  expect(ms).toBeGreaterThanOrEqual(STALL_MS - 50);
  expect(ms).toBeLessThan(STALL_MS + 3000);
  // About ten looks a second while waiting, never a busy loop (the old code: ~17 a second
  // forever, on FerretDB; far more on a fast database).
  expect(reads).toBeLessThan((STALL_MS / 1000) * 15 + 10);
  console.info(`hole: EVENTS_LOST after ${Math.round(ms)} ms and ${reads} reads`);
});

it('a subscriber resuming from before the retention horizon gets what is retained, at once', async () => {
  const s = await startServer(await mongo.env());
  const first = await s.gql<any>(SEND_CHAT, { input: { content: 'an old turn' } });
  const { sessionId } = first.data.sendChat;
  const store = s.app.services.store;
  const oldEvents = await store.readEvents(sessionId, 0, 100);
  const second = await s.gql<any>(SEND_CHAT, { input: { sessionId, content: 'a new turn' } });
  // Retention prunes by age: everything up to the first turn's last event goes.
  const cutoff = new Date(oldEvents.at(-1)!.at.getTime() + 1);
  expect(await store.pruneEvents(cutoff)).toBe(oldEvents.length);
  const retained = await store.readEvents(sessionId, 0, 100);

  const results: { data?: EventsData | null; errors?: readonly any[] }[] = [];
  const stream = s.wsClient();
  await new Promise<void>((resolve, reject) => {
    const stop = stream.subscribe<EventsData>(
      { query: SESSION_EVENTS, variables: { sessionId, afterSeq: 0 } },
      {
        next: (r) => {
          results.push(r);
          if (r.data?.sessionEvents.__typename === 'DoneEvent') {
            stop();
            resolve();
          }
        },
        error: reject,
        complete: resolve,
      },
    );
  });
  expect(results.every((r) => r.errors === undefined)).toBe(true);
  const events = results.map((r) => r.data!.sessionEvents);
  expect(events.map((e) => e.seq)).toEqual(retained.map((e) => e.seq));
  expect(events.at(-1)!.turnId).toBe(second.data.sendChat.id);
});
