/**
 * Another user's latency under the open-then-complete flood (issue 11, case 4): a
 * `sessions` query over HTTP, one request after another, unloaded (A) and while 4
 * sockets of a second user flood subscribe+complete (B), alternated A B A B after a
 * warm-up; the flood runs in a process of its own (lib/ws-flooder.ts).
 */
import { spawn } from 'node:child_process';
import { roundsNote, type Section } from '../lib/figure.js';
import { metric } from '../lib/http.js';
import { startParley } from '../lib/procs.js';
import { fmt, MiB, median, percentile } from '../lib/stats.js';

const VICTIM = 'bench-victim-0123456789abcdef';
const FLOODER = 'bench-flooder-0123456789abcdef';
const SOCKETS = 4;
const SESSIONS = '{ sessions(first: 5) { totalCount edges { node { id title } } } }';
const ROOT = new URL('../../', import.meta.url).pathname;

/** Sequential `sessions` queries for `seconds`; their latencies in ms. */
async function victimLatencies(url: string, seconds: number): Promise<number[]> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const body = JSON.stringify({ query: SESSIONS });
  while (performance.now() < until) {
    const started = performance.now();
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${VICTIM}` },
      body,
    });
    const json = (await res.json()) as { data?: { sessions?: unknown } };
    if (!json.data?.sessions) throw new Error(`sessions query failed: ${JSON.stringify(json)}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

function startFlood(url: string, seconds: number) {
  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/lib/ws-flooder.ts',
      wsUrl,
      FLOODER,
      'flooded',
      String(SOCKETS),
      String(seconds),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  return new Promise<{ pairs: number; closed: number }>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`flooder exited ${code}`)),
    ),
  );
}

interface FloodRun {
  p50: number;
  p99: number;
  requests: number;
}

function summary(latencies: number[]): FloodRun {
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
  };
}

export async function runFlood(opts: { rounds: number; seconds: number }): Promise<Section> {
  console.log(
    `\nFlood: another user's sessions query, unloaded and under ${SOCKETS} sockets of subscribe+complete, ${opts.seconds} s per run`,
  );
  const parley = await startParley({ AUTH_TOKENS: `${VICTIM}=victim,${FLOODER}=flooder` });
  try {
    const unloaded: FloodRun[] = [];
    const flooded: FloodRun[] = [];
    let rssPeak = 0;
    const rssBefore = await metric(parley.url, 'process_resident_memory_bytes');
    for (let round = 0; round <= opts.rounds; round++) {
      const a = summary(await victimLatencies(parley.url, opts.seconds));
      const flood = startFlood(parley.url, opts.seconds);
      const b = summary(await victimLatencies(parley.url, opts.seconds));
      const sent = await flood;
      rssPeak = Math.max(rssPeak, await metric(parley.url, 'process_resident_memory_bytes'));
      if (!parley.alive()) throw new Error('Parley died under the flood');
      const label = round === 0 ? 'warm-up' : `round ${round}`;
      console.log(
        `  ${label.padEnd(8)} unloaded p99 ${fmt(a.p99, 1)} ms, flooded p99 ${fmt(b.p99, 1)} ms (${fmt(sent.pairs)} pairs sent, ${fmt(sent.closed)} sockets closed by Parley)`,
      );
      if (round > 0) {
        unloaded.push(a);
        flooded.push(b);
      }
    }
    const ratios = flooded.map((b, i) => b.p99 / unloaded[i]!.p99);
    const ratio = median(ratios);
    return {
      title: 'Open-then-complete flood',
      method: METHOD,
      figures: [
        {
          figure: `Another user's \`sessions\` p99 under the flood / unloaded, ms`,
          parley: `${fmt(median(flooded.map((r) => r.p99)), 1)} / ${fmt(median(unloaded.map((r) => r.p99)), 1)}`,
          baseline: '',
          ratio: fmt(ratio, 2),
          target: '',
          verdict: '',
          runs: `ratios ${roundsNote(ratios, 2)}; RSS ${fmt(rssBefore / MiB)} MiB before, ${fmt(rssPeak / MiB)} MiB after the floods`,
        },
      ],
    };
  } finally {
    await parley.stop();
  }
}

const METHOD = `One Parley (in-memory store) with two users. Per round, a user's \`sessions\`
query over HTTP, one request after another for the run's time, first unloaded, then while
a second process floods ${SOCKETS} WebSockets of the other user with \`subscribe\`
(sessionEvents) immediately followed by \`complete\`, as fast as each socket takes them,
opening a socket again when Parley closes it (4429). Ratio = the flooded run's p99 over
the unloaded one's, the median over the rounds after a warm-up. RSS from /metrics
(process_resident_memory_bytes) before the first run and after the last flood.`;
