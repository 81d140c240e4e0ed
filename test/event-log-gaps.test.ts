/**
 * "seq from 1, no gaps" holds after a failed event-log write (issue 11, case 8).
 * FerretDB is killed and restarted at once (0-200 ms) while a turn streams: the stored
 * seqs of the session stay 1..N, a subscriber resuming from before the fault reaches
 * the last DoneEvent (no endless poll), and later turns in that session reach it too.
 * The same check runs for 50 concurrent sends on two instances.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../src/model/events.js';
import type { Store } from '../src/store/store.js';
import { restartableFerretDb } from './support/ferretdb.js';
import { useTestDatabase } from './support/mongo.js';
import { type EventsData, SEND_CHAT, SESSION_EVENTS } from './support/operations.js';
import { redisUrl } from './support/redis.js';
import { collect, disposeAll, startServer, type TestServer } from './support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await disposeAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A private FerretDB that can crash and come back on the same port with the same data. */
async function crashableDatabase() {
  const db = await restartableFerretDb();
  cleanups.push(db.dispose);
  return {
    uri: db.uri,
    async crashAndRestart(pauseMs: number) {
      await db.kill();
      if (pauseMs > 0) await delay(pauseMs); // the fault's shape: down for this long
      await db.restart();
    },
  };
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

async function storedEvents(store: Store, sessionId: string): Promise<SessionEvent[]> {
  return store.readEvents(sessionId, 0, 100_000);
}

/** Seqs 1..N without a gap, and every turn that started has exactly one DoneEvent, last. */
function expectGapless(
  events: { seq: number; turnId: string; type?: string; __typename?: string }[],
) {
  const seqs = events.map((e) => e.seq);
  const firstGap = seqs.findIndex((seq, i) => seq !== i + 1);
  const around = firstGap === -1 ? [] : seqs.slice(Math.max(0, firstGap - 2), firstGap + 2);
  expect({ firstGap, around }).toEqual({
    firstGap: -1,
    around: [],
  });
  const isDone = (e: (typeof events)[number]) => e.type === 'done' || e.__typename === 'DoneEvent';
  const turns = new Set(events.map((e) => e.turnId));
  const dones = events.filter(isDone);
  expect(dones.map((e) => e.turnId).sort()).toEqual([...turns].sort());
}

/** Resolves with the stream once it is done (its `until` said so); rejects with where it stopped. */
async function untilDone(stream: ReturnType<typeof collect<EventsData>>, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const last = stream.results.at(-1);
      reject(
        new Error(
          `subscriber stuck after ${stream.results.length} items; last ${JSON.stringify(last)}`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([stream.done, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

const donesIn = (all: { data?: EventsData | null }[]) =>
  all.filter((r) => r.data?.sessionEvents.__typename === 'DoneEvent').length;

describe('a failed event-log write leaves no gap', () => {
  it('FerretDB killed and restarted at once (0, 100, 200 ms) mid-turn: seqs stay 1..N and the subscriber reaches every DoneEvent', async () => {
    const db = await crashableDatabase();
    const s = await startServer({
      MONGODB_URI: db.uri,
      MONGODB_DB: 'gaps',
      LOCAL_AGENT_TOKEN_DELAY_MS: '2',
      TURN_LEASE_MS: '2000',
      SUBSCRIPTION_STALL_MS: '5000',
    });
    const sessionId = 'crash-mid-turn';
    const first = await s.gql<any>(SEND_CHAT, { input: { sessionId, content: 'hello' } });
    expect(first.errors).toBeUndefined();

    const pauses = [0, 100, 200];
    const outcomes: string[] = [];
    // Resumes from before every fault; ends at the DoneEvent of the last, healthy turn.
    const stream = collect<EventsData>(
      s.wsClient(),
      SESSION_EVENTS,
      { sessionId, afterSeq: 0 },
      (_, all) => donesIn(all) === pauses.length + 2,
    );
    for (const pause of pauses) {
      const before = stream.results.length;
      const chat = s.gql<any>(SEND_CHAT, { input: { sessionId, content: words(400) } });
      await vi.waitFor(() => expect(stream.results.length).toBeGreaterThan(before + 40), {
        timeout: 20_000,
        interval: 5,
      });
      await db.crashAndRestart(pause);
      const answered = await chat;
      // The turn either survived the fault or failed cleanly; never an unexpected error.
      const code = answered.errors?.[0]?.extensions?.code;
      expect(code === undefined || code === 'DB_UNAVAILABLE').toBe(true);
      outcomes.push(String(code ?? answered.data.sendChat.status));
    }
    // The session still takes turns, and they reach the subscriber.
    await vi.waitFor(
      async () => {
        const last = await s.gql<any>(SEND_CHAT, { input: { sessionId, content: 'what is 6*7?' } });
        expect(last.data?.sendChat.reply).toContain('42');
      },
      { timeout: 45_000, interval: 500 },
    );
    const received = (await untilDone(stream, 45_000)).map((r) => {
      expect(r.errors).toBeUndefined();
      return r.data!.sessionEvents;
    });
    const stored = await storedEvents(s.app.services.store, sessionId);
    expectGapless(stored);
    expect(received.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
    console.info(`crash rounds: ${outcomes.join(', ')}; ${stored.length} events stored, gapless`);
  }, 180_000);
});

describe('concurrent turns on two instances', () => {
  it('50 concurrent sends to one session on two instances: seqs 1..N, one DoneEvent per turn', async () => {
    const db = await useTestDatabase('gaps_concurrent');
    cleanups.push(db.drop);
    const env = {
      MONGODB_URI: db.uri,
      MONGODB_DB: db.dbName,
      REDIS_URL: await redisUrl(),
      TURN_QUEUE_LIMIT: '50',
      RATE_LIMIT_CHATS_PER_MINUTE: '1000',
      LOG_LEVEL: process.env.GAPS_LOG ?? 'silent',
    };
    const servers: TestServer[] = [await startServer(env), await startServer(env)];
    const sessionId = crypto.randomUUID();
    const sends = Array.from({ length: 50 }, (_, i) =>
      servers[i % 2]!.gql<any>(SEND_CHAT, {
        input: { sessionId, content: `turn ${i} what is ${i}+1?` },
      }),
    );
    const answers = await Promise.all(sends);
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const stored = await storedEvents(servers[0]!.app.services.store, sessionId);
    expectGapless(stored);
    expect(new Set(stored.map((e) => e.turnId)).size).toBe(50);
  }, 180_000);
});
