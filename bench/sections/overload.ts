/**
 * Twice the latency section's rate, 1,000 subscribers, Parley alone: it must not crash,
 * and its memory must come back once the subscribers are gone. Delivery may fall
 * behind here (a slow subscriber is dropped once its buffer is full, by design); what
 * is judged is the server's health and memory, not the delivery.
 */
import { fanoutRound } from '../lib/fanout.js';
import type { Section } from '../lib/figure.js';
import { watchMemory } from '../lib/memory-watch.js';
import { intervalFor } from '../lib/pacing.js';
import { createSession, eventsOfTurn, startTurn, waitSubscriptions } from '../lib/parley.js';
import { startParley } from '../lib/procs.js';
import { fmt, MiB } from '../lib/stats.js';

/** Live heap growth (after a full collection) still put down to what a run legitimately keeps. */
const LEAK_LIMIT = 8 * MiB;

const mib = (bytes: number) => `${fmt(bytes / MiB, 1)} MiB`;

export async function runOverload(opts: {
  n: number;
  perSecond: number;
  /** Parley's pacing overhead per event, from the latency section (lib/pacing.ts). */
  overheadMs: number;
  seconds: number;
}): Promise<Section> {
  const intervalMs = intervalFor(opts.perSecond, opts.overheadMs);
  const count = Math.max(20, Math.round(opts.perSecond * opts.seconds));
  console.log(
    `\nOverload: N=${opts.n}, ${fmt(opts.perSecond)} ev/s: one event per ${intervalMs} ms, ${count} events`,
  );
  const parley = await startParley({ LOCAL_AGENT_TOKEN_DELAY_MS: String(intervalMs) });
  try {
    const sessionId = 'bench-overload';
    await createSession(parley.url, sessionId);
    const before = await parley.memory();
    const watch = watchMemory(parley.url);
    const run = await fanoutRound({
      httpUrl: parley.url,
      n: opts.n,
      graphqlWs: true,
      sessionId,
      // A saturated Parley makes the events at a third of the rate asked for, or slower:
      // past that, what is left undelivered is dropped and the run noted as incomplete.
      timeoutMs: opts.seconds * 3000 + 10_000,
      waitSubscribed: () => waitSubscriptions(parley.url, opts.n),
      trigger: async () => ({
        ...(await startTurn(parley.url, sessionId, count - eventsOfTurn(0))),
        count,
      }),
    });
    const peak = await watch.stop();
    await waitSubscriptions(parley.url, 0);
    const after = await parley.memory();
    const healthy = parley.alive() && (await fetch(`${parley.url}/health`)).ok;
    const grown = after.heapUsed - before.heapUsed;
    const delivered = run.valid ? 'every event delivered' : `not all delivered: ${run.problems[0]}`;
    console.log(
      `  heap ${mib(before.heapUsed)} → peak ${mib(peak.heapUsed)} → ${mib(after.heapUsed)}, RSS ${mib(before.rss)} → peak ${mib(peak.rss)} → ${mib(after.rss)}, ${healthy ? 'healthy' : 'NOT HEALTHY'}; ${delivered}`,
    );
    const met = healthy && grown <= LEAK_LIMIT;
    return {
      title: 'Overload: twice the latency rate',
      method: METHOD,
      figures: [
        {
          figure: `Overload, N=${fmt(opts.n)}, asked ${fmt(opts.perSecond)} ev/s, reached ${fmt(run.emitRate)}: heap before → peak → after`,
          parley: `${mib(before.heapUsed)} → ${mib(peak.heapUsed)} → ${mib(after.heapUsed)}`,
          baseline: '',
          ratio: '',
          target: `no crash; heap after ≤ before + ${mib(LEAK_LIMIT)}`,
          verdict: `${met ? 'met' : 'NOT met'}: ${healthy ? 'healthy' : 'NOT healthy'}, heap ${grown >= 0 ? '+' : ''}${mib(grown)}`,
          runs: `RSS ${mib(before.rss)} → ${mib(peak.rss)} → ${mib(after.rss)}; ${delivered}`,
        },
      ],
    };
  } finally {
    await parley.stop();
  }
}

const METHOD = `A fresh Parley paced (as in the latency section, with the overhead measured
there) at twice the latency section's rate, 1,000 subscribers, one run. When Parley cannot
keep up, its agent, which shares its event loop, makes events later rather than queueing
them: the rate reached is then below the one asked for, and says how far Parley got.
"Before" and "after" are live heap and RSS after a full collection (the bench starts Parley
with --expose-gc and a SIGUSR2 hook, bench/lib/memory-hook.ts); "after" is taken once every
subscription has closed. The peak comes from /metrics every 500 ms during the run and
includes uncollected garbage. Healthy = the process still runs and /health answers 200. A
short run cannot prove memory bounded; it shows the peak under overload and that it all
comes back.`;
