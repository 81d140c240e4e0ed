/**
 * sendChat end to end: turns per second with the in-memory store and with MongoDB, and
 * MongoDB round trips per turn at two reply lengths (they should not grow with tokens).
 */
import { type DriverRun, driverTurns } from '../lib/driver-turns.js';
import {
  atLeast,
  atMost,
  type Figure,
  rateFigure,
  roundsNote,
  runFlags,
  runsNote,
  type Section,
} from '../lib/figure.js';
import { type BenchMongo, openBenchMongo } from '../lib/mongo.js';
import { startParley } from '../lib/procs.js';
import { fmt, median } from '../lib/stats.js';
import { commandsPerTurn, type TurnRun, turnLoad } from '../lib/turn-load.js';

const SESSIONS = 16;
/** Parley's turns/s on MongoDB over D0's (the issue's target). */
const D0_TARGET = 0.8;
/** Round trips per turn (the issue's target). */
const ROUND_TRIPS_TARGET = 10;
const WRITES = ['insert', 'update', 'delete', 'findAndModify'];

interface TurnsOptions {
  rounds: number;
  seconds: number;
  /** Reply lengths for round trips per turn, shortest first. */
  words: [number, number];
  turnsPerLength: number;
}

/** Turns/s over rounds 1 to opts.rounds, after round 0 (the warm-up) when `warmUp`. */
async function turnsPerSecond(
  store: string,
  opts: TurnsOptions & { warmUp: boolean },
  round: (no: number) => Promise<TurnRun>,
): Promise<Figure> {
  const runs: TurnRun[] = [];
  for (let no = opts.warmUp ? 0 : 1; no <= opts.rounds; no++) {
    const r = await round(no);
    if (no > 0) runs.push(r);
    console.log(
      `  ${store.padEnd(7)} ${no ? `round ${no}` : 'warm-up'} ${fmt(r.rate).padStart(6)} turns/s  ${r.errors} errors  ${runFlags(r)}`,
    );
  }
  return rateFigure(`sendChat turns/s, ${store} store, ${SESSIONS} sessions in parallel`, runs);
}

function describe(perTurn: Record<string, number>): string {
  return Object.entries(perTurn)
    .map(([command, n]) => `${command} ${fmt(n, 1)}`)
    .join(', ');
}

async function roundTrips(url: string, opts: TurnsOptions): Promise<Figure[]> {
  const [short, long] = opts.words;
  const counts = [];
  for (const words of opts.words) {
    const perTurn = await commandsPerTurn(url, words, opts.turnsPerLength);
    const total = Object.values(perTurn).reduce((a, b) => a + b, 0);
    const writes = WRITES.reduce((sum, c) => sum + (perTurn[c] ?? 0), 0);
    console.log(`  ${words} words: ${fmt(total, 1)} round trips per turn (${describe(perTurn)})`);
    counts.push({ words, perTurn, total, writes });
  }
  const [a, b] = counts as [(typeof counts)[0], (typeof counts)[0]];
  // Whole round trips: the lease sweeper's background commands may land in a window.
  const constant = Math.abs(b.total - a.total) < 1;
  const change = `${fmt(b.total - a.total, 1)} per turn at ${long} words (×${fmt(b.total / a.total, 2)})`;
  return counts.map((c, i) => ({
    figure: `MongoDB round trips per turn, ${c.words}-word reply (writes)`,
    parley: `${fmt(c.total, 1)} (${fmt(c.writes, 1)})`,
    baseline: i === 0 ? 'D0 5' : '',
    ratio: '',
    target:
      i === 0 ? `≤ ${ROUND_TRIPS_TARGET}` : `≤ ${ROUND_TRIPS_TARGET}, same as at ${short} words`,
    verdict:
      i === 0
        ? atMost(c.total, ROUND_TRIPS_TARGET)
        : `${constant && c.total <= ROUND_TRIPS_TARGET ? 'met' : 'NOT met'}: ${change}`,
    runs: `${opts.turnsPerLength} turns: ${describe(c.perTurn)}`,
  }));
}

async function inMemory(opts: TurnsOptions): Promise<Figure> {
  const parley = await startParley();
  try {
    return await turnsPerSecond('memory', { ...opts, warmUp: true }, (no) =>
      turnLoad(parley.url, SESSIONS, no ? opts.seconds : 2, `memory-${no}`),
    );
  } finally {
    await parley.stop();
  }
}

/**
 * Each round on a fresh Parley and database: FerretDB's SQLite backend filters most
 * queries after reading whole collections, so turns slow down as data piles up, and
 * rounds on one database would each start from a bigger one. D0 (the driver baseline)
 * runs right after Parley in every round, on a fresh database of its own.
 */
async function onMongo(mongo: BenchMongo, opts: TurnsOptions): Promise<Figure[]> {
  const parleyRuns: TurnRun[] = [];
  const d0Runs: DriverRun[] = [];
  for (let no = 1; no <= opts.rounds; no++) {
    const parley = await startParley(mongo.freshEnv());
    try {
      // Each round warms its own fresh process up, on sessions of its own.
      await turnLoad(parley.url, SESSIONS, 1, `mongo-warm-${no}`);
      parleyRuns.push(await turnLoad(parley.url, SESSIONS, opts.seconds, `mongo-${no}`));
    } finally {
      await parley.stop();
    }
    const p = parleyRuns.at(-1)!;
    console.log(
      `  MongoDB round ${no} ${fmt(p.rate).padStart(6)} turns/s  ${p.errors} errors  ${runFlags(p)}`,
    );
    d0Runs.push(await driverTurns(mongo.freshEnv(), SESSIONS, opts.seconds));
    console.log(`  D0      round ${no} ${fmt(d0Runs.at(-1)!.rate).padStart(6)} turns/s`);
  }
  const pa = median(parleyRuns.map((r) => r.rate));
  const pb = median(d0Runs.map((r) => r.rate));
  const throughput: Figure = {
    figure: `sendChat turns/s, MongoDB store, ${SESSIONS} sessions in parallel`,
    parley: fmt(pa),
    baseline: `D0 ${fmt(pb)}`,
    ratio: fmt(pa / pb, 2),
    target: `≥ ${D0_TARGET}`,
    verdict: atLeast(pa / pb, D0_TARGET),
    runs: `Parley ${roundsNote(parleyRuns.map((r) => r.rate))}; D0 ${roundsNote(d0Runs.map((r) => r.rate))}; ${runsNote(parleyRuns)}`,
  };
  const parley = await startParley(mongo.freshEnv());
  try {
    return [throughput, ...(await roundTrips(parley.url, opts))];
  } finally {
    await parley.stop();
  }
}

export async function runTurns(opts: TurnsOptions): Promise<Section> {
  console.log(`\nTurns/s: sendChat end to end, ${SESSIONS} sessions, ${opts.seconds} s per run`);
  const figures = [await inMemory(opts)];
  const mongo = await openBenchMongo();
  try {
    figures.push(...(await onMongo(mongo, opts)));
  } finally {
    await mongo.close();
  }
  return { title: 'Turns', method: method(mongo.description, opts), figures };
}

function method(server: string, opts: TurnsOptions): string {
  return `${SESSIONS} loops, each on its own session (a session runs one turn at a time), call
sendChat ("hello there, agent") and wait for the reply, for ${opts.seconds} s per run; local
agent, token delay 0. MongoDB mode: ${server}; every round on a fresh Parley and an empty
database, after 1 s of warm-up turns (on FerretDB, queries slow down as collections grow,
so the figure is FerretDB's as much as Parley's: give MONGODB_URI for a real MongoDB).
D0 (bench/baselines/driver-turns.ts, its own process) runs after Parley in every round,
the same ${SESSIONS} loops and time on a fresh database of the same server with Parley's
indexes, and does only the minimum writes of such a turn with the official driver: the
user message, the turn's events in one insertMany, the agent message, the session's
counters in one update, and the turn's hash-chained audit entries in one insertMany
(five round trips). The ratio is Parley's median over D0's.
Round trips = commands the MongoDB driver
sent (\`parley_mongodb_commands_total\`, from its command events) over
${opts.turnsPerLength} sequential turns on one session, read once the counters stop
moving (the audit trail is written after the turn), per turn; writes = insert, update,
delete and findAndModify. Replies of ${opts.words.join(' and ')} words (plus "You said:").
A background command (lease sweeper, every TURN_LEASE_MS) can fall in the window, so
"constant" allows a difference under one round trip per turn. Events are written in
group commits (the next insertMany takes what gathered while the last was in flight):
with token delay 0 a reply's tokens come in a burst and share a few inserts, while tokens
that arrive slower than the database answers (a model streaming) get one insert each.
So event writes grow with how long a reply streams against the database's latency, not
with its token count. The other round trips of a turn are fixed: the session ensured, the
lease taken and released (findAndModify), each message's seq taken and the message
stored, the viewer feed's two status changes (RUNNING, IDLE), and the audit entries
(one batch per turn: they wait for the turn's exit, chained after the head the instance
keeps in memory).`;
}
