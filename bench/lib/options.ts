/**
 * The bench's settings, from the environment. The defaults are sized so a full run
 * takes about six minutes on two cores; each can be changed for development.
 */
const SECTIONS = ['ws', 'latency', 'http', 'turns', 'heap', 'subscribe', 'flood'];

function number(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name}=${raw} is not a positive number`);
  return value;
}

export function benchOptions() {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  for (const name of only ?? []) {
    if (!SECTIONS.includes(name))
      throw new Error(`BENCH_ONLY: unknown section ${name} (${SECTIONS})`);
  }
  const options = {
    /** Measured rounds of each comparison, after one warm-up. */
    rounds: number('BENCH_ROUNDS', 3),
    /** Subscriber counts for R_ws. */
    ns: (process.env.BENCH_NS ?? '100,1000').split(',').map(Number),
    /** Events delivered per R_ws round, over all sockets. */
    deliveries: number('BENCH_DELIVERIES', 200_000),
    latencySubscribers: 1000,
    /** Emission time of a latency run, at half W0's maximum rate. */
    latencySeconds: number('BENCH_LATENCY_SECONDS', 4),
    /** Emission time of the overload run, at W0's maximum rate. */
    overloadSeconds: number('BENCH_OVERLOAD_SECONDS', 4),
    httpSeconds: number('BENCH_HTTP_SECONDS', 5),
    turnsSeconds: number('BENCH_TURNS_SECONDS', 4),
    /** Each unloaded and each flooded run of the flood section. */
    floodSeconds: number('BENCH_FLOOD_SECONDS', 3),
    /** Reply lengths for MongoDB round trips per turn, and how many turns at each. */
    words: [10, 1000] as [number, number],
    turnsPerLength: 10,
    subscriptions: number('BENCH_IDLE_SUBSCRIPTIONS', 10_000),
    /** Sockets for the subscribe rate, 50 subscriptions each. */
    sockets: number('BENCH_SUBSCRIBE_SOCKETS', 200),
    partial: only !== undefined,
    wanted: (section: string) => !only || only.includes(section),
  };
  const o = options;
  const describe = () =>
    [
      `${o.rounds} rounds`,
      `R_ws N=${o.ns.join(', ')}, ${o.deliveries} deliveries per round`,
      `latency ${o.latencySeconds} s, overload ${o.overloadSeconds} s`,
      `HTTP ${o.httpSeconds} s and turns ${o.turnsSeconds} s per run`,
      `${o.subscriptions} idle subscriptions`,
      `${o.sockets * 50} subscriptions per subscribe-rate round`,
      `flood ${o.floodSeconds} s per run`,
    ].join('; ');
  return { ...options, describe };
}
