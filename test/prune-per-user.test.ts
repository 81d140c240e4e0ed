/**
 * SESSION_MAX_SESSIONS is per user (issue 11, case 5): bob's flood of new sessions,
 * through sendChat and startChat, prunes bob's oldest sessions and none of alice's,
 * both by the auto-pruner that runs after turns and by the admin's pruneSessions.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { branchOf, FORK } from './support/branches.js';
import { SEND_CHAT, START_CHAT } from './support/operations.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { storeVariants } from './support/stores.js';
import { ALICE, AUTH_ENV, BOB, bearer, ROOT } from './support/users.js';

afterEach(disposeAll);

const LIMIT = 3;
const SESSIONS = '{ sessions(first: 50) { totalCount edges { node { id } } } }';

/** A logger that calls `onPrune` with the sessions removed by each auto-prune it logs. */
function pruneWatchingLogger(onPrune: (removed: number) => void) {
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { msg?: string; sessionsRemoved?: number };
        if (entry.msg === 'auto-prune done') onPrune(entry.sessionsRemoved ?? 0);
      }
      done();
    },
  });
  return createLogger(configFrom({ LOG_LEVEL: 'info' }), stream);
}

async function sessionIds(s: TestServer, token: string): Promise<string[]> {
  const listed = await s.gql<any>(SESSIONS, {}, bearer(token));
  return listed.data!.sessions.edges.map((e: any) => e.node.id);
}

async function newSession(s: TestServer, token: string, how: 'send' | 'start') {
  const sent = await s.gql<any>(
    how === 'send' ? SEND_CHAT : START_CHAT,
    { input: { content: 'hello there' } },
    bearer(token),
  );
  const result = how === 'send' ? sent.data?.sendChat : sent.data?.startChat;
  expect(result?.sessionId, JSON.stringify(sent.errors)).toBeTypeOf('string');
  return result.sessionId as string;
}

/**
 * alice makes 2 sessions, then bob 6: 4 by sendChat (each turn done before the next),
 * then 2 by startChat (their turns may end in either order, both newer than the rest).
 */
async function aliceThenBobsFlood(s: TestServer) {
  const alice = [await newSession(s, ALICE, 'send'), await newSession(s, ALICE, 'send')];
  const bob: string[] = [];
  for (const how of ['send', 'send', 'send', 'send', 'start', 'start'] as const) {
    bob.push(await newSession(s, BOB, how));
  }
  return { alice, bob };
}

describe.each(storeVariants)('per-user SESSION_MAX_SESSIONS ($name store)', ({ env }) => {
  it("auto-prune after bob's turns removes bob's oldest, none of alice's", async () => {
    let removed = 0;
    let enough: () => void = () => {};
    const prunedEnough = new Promise<void>((resolve) => {
      enough = resolve;
    });
    const logger = pruneWatchingLogger((n) => {
      removed += n;
      if (removed >= 3) enough();
    });
    const s = await startServer(
      {
        ...(await env()),
        ...AUTH_ENV,
        SESSION_MAX_SESSIONS: String(LIMIT),
      },
      { logger },
    );
    const { alice, bob } = await aliceThenBobsFlood(s);
    // Bob's 6 sessions are 3 over the limit: wait (bounded) until 3 were pruned.
    await Promise.race([
      prunedEnough,
      new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
    expect(await sessionIds(s, ALICE)).toEqual([...alice].reverse());
    expect((await sessionIds(s, BOB)).sort()).toEqual(bob.slice(3).sort());
    expect(removed).toBe(3);
  });

  it('a fork counts too: the next turn of its owner prunes the surplus it made', async () => {
    let pruned: () => void = () => {};
    const prunedOne = new Promise<void>((resolve) => {
      pruned = resolve;
    });
    const logger = pruneWatchingLogger((n) => n > 0 && pruned());
    const s = await startServer(
      { ...(await env()), ...AUTH_ENV, SESSION_MAX_SESSIONS: String(LIMIT) },
      { logger },
    );
    const mine: string[] = [];
    for (let i = 0; i < LIMIT; i++) mine.push(await newSession(s, ALICE, 'send'));
    const newest = mine.at(-1)!;
    const { messages } = await branchOf(s, newest, bearer(ALICE));
    const forked = await s.gql<any>(FORK, { id: messages[0]!.id }, bearer(ALICE));
    const forkId = forked.data?.forkSession?.id as string;
    expect(forkId, JSON.stringify(forked.errors)).toBeTypeOf('string');
    // A turn on a session that already existed: the fork made one too many.
    const sent = await s.gql<any>(
      SEND_CHAT,
      { input: { sessionId: newest, content: 'again' } },
      bearer(ALICE),
    );
    expect(sent.errors).toBeUndefined();
    await Promise.race([prunedOne, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    expect((await sessionIds(s, ALICE)).sort()).toEqual([...mine.slice(1), forkId].sort());
  });

  it("pruneSessions (admin) keeps each user's newest SESSION_MAX_SESSIONS", async () => {
    const s = await startServer({
      ...(await env()),
      ...AUTH_ENV,
      SESSION_MAX_SESSIONS: String(LIMIT),
      SESSION_AUTO_PRUNE: 'false',
    });
    const { alice, bob } = await aliceThenBobsFlood(s);
    const pruned = await s.gql<any>('mutation { pruneSessions { deleted } }', {}, bearer(ROOT));
    expect(pruned.data).toEqual({ pruneSessions: { deleted: 3 } });
    expect(await sessionIds(s, ALICE)).toEqual([...alice].reverse());
    expect((await sessionIds(s, BOB)).sort()).toEqual(bob.slice(3).sort());
  });
});
