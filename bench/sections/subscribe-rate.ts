/**
 * Subscribe cost: new sessionEvents subscriptions per second, sent as fast as the
 * sockets take them over connections that are already open, so only subscribing is
 * timed (opening a WebSocket is the same cost for any server).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type Run, rateFigure, runFlags, type Section } from '../lib/figure.js';
import { metric } from '../lib/http.js';
import { createSession, waitSubscriptions } from '../lib/parley.js';
import { type Proc, startParley } from '../lib/procs.js';
import { fmt } from '../lib/stats.js';
import { openPool } from '../lib/ws-pool.js';

/** Parley's default WS_MAX_SUBSCRIPTIONS: the most one socket may hold. */
const PER_SOCKET = 50;
/** How often the gauge is read: the timing's resolution. */
const POLL_MS = 50;

interface RateRun extends Run {
  rate: number;
  seconds: number;
}

async function round(parley: Proc, sockets: number, sessionId: string): Promise<RateRun> {
  const pool = await openPool(parley.url, sockets);
  const n = sockets * PER_SOCKET;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  pool.subscribe(sessionId, PER_SOCKET);
  const deadline = t0 + 60_000;
  let live = 0;
  while (live < n && performance.now() < deadline) {
    await delay(POLL_MS);
    live = await metric(parley.url, 'parley_active_subscriptions');
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const valid = live === n && pool.problems.length === 0 && pool.allOpen();
  pool.close();
  await waitSubscriptions(parley.url, 0);
  const r = { rate: n / seconds, seconds, valid, genCpu: (cpu.user + cpu.system) / 1e6 / seconds };
  console.log(
    `  ${fmt(r.rate).padStart(7)} subscriptions/s  ${r.seconds.toFixed(2)} s  ${runFlags(r)}`,
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
  const parley = await startParley();
  try {
    const sessionId = 'bench-subscribe';
    await createSession(parley.url, sessionId);
    await round(parley, opts.sockets, sessionId);
    const runs: RateRun[] = [];
    for (let i = 0; i < opts.rounds; i++) runs.push(await round(parley, opts.sockets, sessionId));
    return {
      title: 'Subscribe cost',
      method: METHOD,
      figures: [
        rateFigure(
          `New subscriptions per second (${fmt(n)} on ${opts.sockets} open sockets)`,
          runs,
        ),
      ],
    };
  } finally {
    await parley.stop();
  }
}

const METHOD = `One Parley (in-memory store). Per round, fresh sockets open and are acknowledged
first; then the clock starts, ${PER_SOCKET} \`sessionEvents\` subscriptions to one existing
session go out on each socket at once, and the clock stops when Parley's
parley_active_subscriptions gauge (read every ${POLL_MS} ms, so the time is up to that much
long) shows them all. After a warm-up round, the median of the rounds.`;
