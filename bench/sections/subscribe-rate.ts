/**
 * Subscribe cost: new sessionEvents subscriptions per second, sent as fast as the
 * sockets take them over connections that are already open, so only subscribing is
 * timed (opening a WebSocket is the same cost for any server). Against S0, a raw `ws`
 * server that only records each subscription (bench/baselines/raw-ws-subscribe.ts),
 * alternating, in the same run.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type Run, roundsNote, runFlags, runsNote, type Section } from '../lib/figure.js';
import { metric } from '../lib/http.js';
import { createSession, waitSubscriptions } from '../lib/parley.js';
import { type Proc, startParley, startRawWsSubscribe } from '../lib/procs.js';
import { fmt, median } from '../lib/stats.js';
import { openPool } from '../lib/ws-pool.js';

/** Parley's default WS_MAX_SUBSCRIPTIONS: the most one socket may hold. */
const PER_SOCKET = 50;
/** How often the count is read: the timing's resolution. */
const POLL_MS = 50;

interface RateRun extends Run {
  rate: number;
  seconds: number;
}

/** How a server says how many subscriptions it holds, and waits until its sockets are gone. */
interface Counted {
  proc: Proc;
  name: string;
  live(): Promise<number>;
  drained(): Promise<void>;
}

function parleyCounted(proc: Proc): Counted {
  return {
    proc,
    name: 'Parley',
    live: () => metric(proc.url, 'parley_active_subscriptions'),
    drained: () => waitSubscriptions(proc.url, 0),
  };
}

async function s0Count(proc: Proc): Promise<{ sockets: number; subscriptions: number }> {
  return (await fetch(`${proc.url}/count`)).json() as never;
}

function s0Counted(proc: Proc): Counted {
  return {
    proc,
    name: 'S0',
    live: async () => (await s0Count(proc)).subscriptions,
    drained: async () => {
      while ((await s0Count(proc)).sockets > 0) await delay(POLL_MS);
    },
  };
}

async function round(server: Counted, sockets: number, sessionId: string): Promise<RateRun> {
  const pool = await openPool(server.proc.url, sockets);
  const n = sockets * PER_SOCKET;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  pool.subscribe(sessionId, PER_SOCKET);
  const deadline = t0 + 60_000;
  let live = 0;
  while (live < n && performance.now() < deadline) {
    await delay(POLL_MS);
    live = await server.live();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const valid = live === n && pool.problems.length === 0 && pool.allOpen();
  pool.close();
  await server.drained();
  const r = { rate: n / seconds, seconds, valid, genCpu: (cpu.user + cpu.system) / 1e6 / seconds };
  console.log(
    `  ${server.name.padEnd(6)} ${fmt(r.rate).padStart(7)} subscriptions/s  ${r.seconds.toFixed(2)} s  ${runFlags(r)}`,
  );
  for (const p of pool.problems) console.log(`      ${p}`);
  return r;
}

export async function runSubscribeRate(opts: {
  rounds: number;
  sockets: number;
}): Promise<Section> {
  const n = opts.sockets * PER_SOCKET;
  console.log(
    `\nSubscribe rate: ${fmt(n)} subscriptions, ${PER_SOCKET} on each of ${opts.sockets} sockets`,
  );
  const parley = parleyCounted(await startParley());
  const s0 = s0Counted(await startRawWsSubscribe());
  try {
    const sessionId = 'bench-subscribe';
    await createSession(parley.proc.url, sessionId);
    await round(parley, opts.sockets, sessionId);
    await round(s0, opts.sockets, sessionId);
    const a: RateRun[] = [];
    const b: RateRun[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      a.push(await round(parley, opts.sockets, sessionId));
      b.push(await round(s0, opts.sockets, sessionId));
    }
    const pa = median(a.map((r) => r.rate));
    const pb = median(b.map((r) => r.rate));
    return {
      title: 'Subscribe cost',
      method: METHOD,
      figures: [
        {
          figure: `New subscriptions per second (${fmt(n)} on ${opts.sockets} open sockets)`,
          parley: fmt(pa),
          baseline: `S0 ${fmt(pb)}`,
          ratio: fmt(pa / pb, 2),
          target: '',
          verdict: '',
          runs: `Parley ${roundsNote(a.map((r) => r.rate))}; S0 ${roundsNote(b.map((r) => r.rate))}; ${runsNote([...a, ...b])}`,
        },
      ],
    };
  } finally {
    await Promise.all([parley.proc.stop(), s0.proc.stop()]);
  }
}

const METHOD = `One Parley (in-memory store) and S0 (bench/baselines/raw-ws-subscribe.ts: a \`ws\`
server that answers connection_init, parses each subscribe message and keeps its id and
session in the socket's map; no GraphQL, authentication or limits), alternating after a
warm-up round of each. Per round, fresh sockets open and are acknowledged first; then the
clock starts, ${PER_SOCKET} \`sessionEvents\` subscriptions to one existing session go out on each
socket at once, and the clock stops when the server's count (Parley's
parley_active_subscriptions gauge, S0's /count) shows them all, read every ${POLL_MS} ms
for both, so each time is up to that much long. The medians of the rounds and their
ratio. What Parley does per subscribe that S0 does not: the per-connection and per-user
rate limits, parsing and validating the document (cached per query text) and the query
limits, the operation's context, the access check (a store read of the session), the
subscription and its bus listener, graphql-ws's and Yoga's per-operation state.`;
