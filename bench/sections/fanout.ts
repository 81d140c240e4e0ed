/**
 * R_ws: events/s delivered to N graphql-ws subscribers of one Parley session, over W0's
 * rate for the same N, event count and message size. Each round delivers about
 * `deliveries` events in all (so N=1,000 gets a tenth of N=100's events per socket),
 * which keeps a round's length the same whatever N. Parley runs twice: with its fan-out
 * fast path (the default) and without it (WS_FAST_PATH=false, stock Yoga + graphql-ws).
 */
import { type FanoutResult, fanoutRound } from '../lib/fanout.js';
import { atLeast, roundsNote, runFlags, runsNote, type Section } from '../lib/figure.js';
import { createSession, eventsOfTurn, startTurn, waitSubscriptions } from '../lib/parley.js';
import { type Proc, startParley, startRawWs } from '../lib/procs.js';
import { fmt, median } from '../lib/stats.js';
import { emit, waitSockets } from '../lib/w0.js';

export interface FanoutOutcome {
  section: Section;
  /** W0's median delivery rate (events/s over all sockets) and Parley's message size, by N. */
  w0: Map<number, { rate: number; bytes: number }>;
}

const TARGET = 0.6;
/** A round that has not finished by then is invalid: the server fell far behind. */
const ROUND_TIMEOUT_MS = 60_000;

function line(name: string, n: number, round: string, r: FanoutResult): void {
  console.log(
    `  ${name.padEnd(6)} N=${String(n).padStart(5)} ${round.padEnd(7)} ${fmt(r.rate).padStart(9)} ev/s  ${r.eventsPerClient} ev/socket  ${r.seconds.toFixed(2)} s  ${runFlags(r)}`,
  );
  for (const p of r.problems) console.log(`      ${p}`);
}

let sessionNo = 0;

async function parleyRound(parley: Proc, n: number, words: number): Promise<FanoutResult> {
  // A fresh session per round: its subscribers start live, at a known seq.
  const sessionId = `bench-ws-${n}-${++sessionNo}`;
  await createSession(parley.url, sessionId);
  return fanoutRound({
    httpUrl: parley.url,
    n,
    graphqlWs: true,
    sessionId,
    timeoutMs: ROUND_TIMEOUT_MS,
    waitSubscribed: () => waitSubscriptions(parley.url, n),
    trigger: async () => ({
      ...(await startTurn(parley.url, sessionId, words)),
      count: eventsOfTurn(words),
    }),
  });
}

function w0Round(w0: Proc, n: number, count: number, bytes: number): Promise<FanoutResult> {
  return fanoutRound({
    httpUrl: w0.url,
    n,
    graphqlWs: false,
    sessionId: '',
    timeoutMs: ROUND_TIMEOUT_MS,
    waitSubscribed: () => waitSockets(w0.url, n),
    trigger: () => emit(w0.url, { count, bytes }),
  });
}

export async function runFanout(opts: {
  rounds: number;
  ns: number[];
  deliveries: number;
}): Promise<FanoutOutcome> {
  console.log(`\nR_ws: about ${fmt(opts.deliveries)} deliveries per round, ${opts.rounds} rounds`);
  const parley = await startParley();
  const plain = await startParley({ WS_FAST_PATH: 'false' });
  const w0 = await startRawWs();
  const section: Section = { title: 'WebSocket fan-out (R_ws)', method: METHOD, figures: [] };
  const w0Rates = new Map<number, { rate: number; bytes: number }>();
  try {
    for (const n of opts.ns) {
      const words = Math.max(10, Math.round(opts.deliveries / n) - eventsOfTurn(0));
      // Warm-up: Parley first, which also tells W0 what size its messages must be.
      const warm = await parleyRound(parley, n, words);
      line('Parley', n, 'warm-up', warm);
      const count = eventsOfTurn(words);
      const bytes = warm.meanBytes;
      line('W0', n, 'warm-up', await w0Round(w0, n, count, bytes));
      line('plain', n, 'warm-up', await parleyRound(plain, n, words));
      const a: FanoutResult[] = [];
      const b: FanoutResult[] = [];
      const c: FanoutResult[] = [];
      for (let round = 1; round <= opts.rounds; round++) {
        a.push(await parleyRound(parley, n, words));
        line('Parley', n, `round ${round}`, a.at(-1)!);
        b.push(await w0Round(w0, n, count, bytes));
        line('W0', n, `round ${round}`, b.at(-1)!);
        c.push(await parleyRound(plain, n, words));
        line('plain', n, `round ${round}`, c.at(-1)!);
      }
      const pa = median(a.map((r) => r.rate));
      const pb = median(b.map((r) => r.rate));
      const pc = median(c.map((r) => r.rate));
      w0Rates.set(n, { rate: pb, bytes });
      section.figures.push({
        figure: `R_ws, N=${fmt(n)} (${count} events of ${fmt(bytes)} B), events/s`,
        parley: fmt(pa),
        baseline: `W0 ${fmt(pb)}`,
        ratio: fmt(pa / pb, 2),
        target: `≥ ${TARGET}`,
        verdict: atLeast(pa / pb, TARGET),
        runs: `Parley ${roundsNote(a.map((r) => r.rate))}; W0 ${roundsNote(b.map((r) => r.rate))}; ${runsNote([...a, ...b])}`,
      });
      section.figures.push({
        figure: `R_ws without the fast path (WS_FAST_PATH=false), N=${fmt(n)}, events/s`,
        parley: fmt(pc),
        baseline: `W0 ${fmt(pb)}`,
        ratio: fmt(pc / pb, 2),
        target: '',
        verdict: '',
        runs: `Parley ${roundsNote(c.map((r) => r.rate))}; fast path on / off ${fmt(pa / pc, 2)}; ${runsNote(c)}`,
      });
    }
  } finally {
    await Promise.all([parley.stop(), plain.stop(), w0.stop()]);
  }
  return { section, w0: w0Rates };
}

const METHOD = `Parley (in-memory store, local agent, token delay 0) and W0
(bench/baselines/raw-ws.ts: one \`ws\` server that serialises each event once and sends the
same string to every socket) run as their own processes. Per round, N fresh sockets
subscribe (graphql-ws \`sessionEvents\` on a fresh session for Parley); the clock starts
when the turn (Parley) or the burst (W0) is triggered and stops when every socket has its
DoneEvent. Rate = events received by all sockets / that time. W0 sends as many events as
Parley's turn has, padded to Parley's mean message size. A run is valid when every socket
got every event, seq without gaps, no errors. When W0's runs are generator-bound, W0 could
go faster than the generator can take, and the ratio flatters Parley. A second Parley
process runs with WS_FAST_PATH=false (stock Yoga + graphql-ws: every subscriber executes
and serialises every event itself) in the same rounds, after W0: the fast path's worth.

A ratio above 1 is possible: W0, as the baseline is defined, makes one write (one
syscall) per message and socket, while Parley corks a socket while a burst of messages for
it is being sent in one tick and writes them together (src/server/ws-send.ts). W0 stands
for the naive raw limit, not the best one.`;
