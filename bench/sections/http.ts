/**
 * R_http: req/s for a `session` query over 20 messages, Parley against B0 and the peers
 * (stock Yoga, Yoga + graphql-jit, Apollo Server, Mercurius with and without JIT), all in
 * their own processes, alternating in every round.
 */
import {
  atLeast,
  type Figure,
  roundsNote,
  runFlags,
  runsNote,
  type Section,
} from '../lib/figure.js';
import { combined, type HttpResult, httpLoad } from '../lib/http-load.js';
import { fmt, median } from '../lib/stats.js';
import { checkAnswers, type Server, startLineup, stopLineup } from '../peers/lineup.js';
import { SESSION_QUERY } from '../peers/session-query.js';

/** The targets: at least B0, and at least Yoga with graphql-jit, in the same run. */
const TARGET_B0 = 1.0;
const TARGET_YOGA_JIT = 1.0;
const CONCURRENCY = 32;
/**
 * Parley's CPU per request keeps falling until ~10k requests (V8 optimising its deeper
 * call tree), so the warm-up counts requests; the cap keeps a slow server from taking
 * the section's whole time.
 */
const WARM_UP_REQUESTS = 10_000;
const WARM_UP_MAX_SECONDS = 15;
/**
 * A round gives each server its time as this many slices in rotation (A B C .. A B C ..),
 * so outside load that comes and goes within a round falls on every server alike: on a
 * shared machine a run of 5 s in one piece could land wholly in someone else's burst.
 */
const SLICES = 5;

const bodyFor = (server: Server) =>
  JSON.stringify({ query: SESSION_QUERY, variables: { id: server.sessionId } });

async function postOnce(server: Server) {
  const res = await fetch(`${server.proc.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: bodyFor(server),
  });
  return { status: res.status, body: await res.text() };
}

function line(name: string, round: string, r: HttpResult): void {
  const rate = `${fmt(r.rate).padStart(7)} req/s`;
  console.log(`  ${name.padEnd(14)} ${round.padEnd(7)} ${rate}  ${runFlags(r)}`);
  for (const p of r.problems) console.log(`      ${p}`);
}

export async function runHttp(opts: { rounds: number; seconds: number }): Promise<Section> {
  console.log(
    `\nR_http: session query, 20 messages, ${CONCURRENCY} concurrent, ${opts.seconds} s per run`,
  );
  const servers = await startLineup();
  try {
    await checkAnswers(servers, postOnce);
    const run = (server: Server, seconds: number, stopAfter?: number) => {
      if (!server.proc.alive()) throw new Error(`${server.name} is not running`);
      const url = `${server.proc.url}/graphql`;
      return httpLoad({ url, body: bodyFor(server), seconds, concurrency: CONCURRENCY, stopAfter });
    };
    for (const server of servers) {
      const r = await run(server, WARM_UP_MAX_SECONDS, WARM_UP_REQUESTS);
      line(server.name, 'warm-up', r);
    }
    const runs = new Map<Server, HttpResult[]>(servers.map((s) => [s, []]));
    for (let round = 1; round <= opts.rounds; round++) {
      // Each round starts one server later, so none always runs right after the same one.
      const shift = (round - 1) % servers.length;
      const order = [...servers.slice(shift), ...servers.slice(0, shift)];
      const slices = new Map<Server, HttpResult[]>(servers.map((s) => [s, []]));
      for (let slice = 0; slice < SLICES; slice++) {
        for (const server of order)
          slices.get(server)!.push(await run(server, opts.seconds / SLICES));
      }
      for (const server of order) {
        const r = combined(slices.get(server)!);
        runs.get(server)!.push(r);
        line(server.name, `round ${round}`, r);
      }
    }
    return {
      title: 'HTTP query throughput (R_http) and peers',
      method: METHOD,
      figures: figures(servers, runs),
    };
  } finally {
    await stopLineup(servers);
  }
}

function figures(servers: Server[], runs: Map<Server, HttpResult[]>): Figure[] {
  const rates = (s: Server) => runs.get(s)!.map((r) => r.rate);
  const med = (s: Server) => median(rates(s));
  const note = (s: Server) => `${s.name} ${roundsNote(rates(s))}`;
  // Outside load on a shared machine can shift between rounds: the ratio within each
  // round shows whether the ratio of medians holds round by round.
  const perRound = (a: Server, b: Server) =>
    `${a.name} / ${b.name} per round ${roundsNote(
      rates(a).map((r, i) => r / rates(b)[i]!),
      2,
    )}`;
  const [parley, b0, ...peers] = servers as [Server, Server, ...Server[]];
  const yogaJit = peers.find((p) => p.name === 'yoga-jit')!;
  const pa = med(parley);
  const pb = med(b0);
  const py = med(yogaJit);
  const peerRows = peers.map(
    (peer): Figure => ({
      figure: `Peer: ${peer.label}, req/s (ratio: peer / B0)`,
      parley: `Parley / peer ${fmt(pa / med(peer), 2)}`,
      baseline: `${peer.name} ${fmt(med(peer))}`,
      ratio: fmt(med(peer) / pb, 2),
      target: '',
      verdict: '',
      runs: `${note(peer)}; ${perRound(peer, b0)}; ${runsNote(runs.get(peer)!)}`,
    }),
  );
  return [
    {
      figure: 'R_http, `session` query with 20 messages, req/s',
      parley: fmt(pa),
      baseline: `B0 ${fmt(pb)}`,
      ratio: fmt(pa / pb, 2),
      target: `≥ ${TARGET_B0.toFixed(1)}`,
      verdict: atLeast(pa / pb, TARGET_B0),
      runs: `${note(parley)}; ${note(b0)}; ${perRound(parley, b0)}; ${runsNote([...runs.get(parley)!, ...runs.get(b0)!])}`,
    },
    {
      figure: 'Parley vs graphql-yoga + graphql-jit, same query, req/s',
      parley: fmt(pa),
      baseline: `yoga-jit ${fmt(py)}`,
      ratio: fmt(pa / py, 2),
      target: `≥ ${TARGET_YOGA_JIT.toFixed(1)}`,
      verdict: atLeast(pa / py, TARGET_YOGA_JIT),
      runs: `${note(yogaJit)}; ${perRound(parley, yogaJit)}; ${runsNote(runs.get(yogaJit)!)}`,
    },
    ...peerRows,
  ];
}

const METHOD = `The same \`session\` query (the session, its usage and its 20 messages) against
Parley (in-memory store, one session of ten turns), B0 (bench/baselines/graphql-http.ts:
node:http + graphql-js, parse and validation cached per query string, no auth, plugins or
limits) and five peers (bench/peers/): stock graphql-yoga 5; graphql-yoga with
@envelop/graphql-jit; @apollo/server 5 on node:http through executeHTTPGraphQLRequest
(B0's body handling, not the Express-based standalone server); Mercurius 16 on Fastify 5;
Mercurius with \`jit: 1\`. B0 and the peers serve one module's schema and data
(bench/peers/session-schema.ts); before any load the bench checks that each peer answers
exactly B0's data and Parley the same shape. Every server is its own process, started the
same way (no NODE_ENV, as the bench runs Parley). ${CONCURRENCY} keep-alive connections
each send the next request when the last answer is in. Each server first gets a warm-up of
${fmt(WARM_UP_REQUESTS)} requests (at most ${WARM_UP_MAX_SECONDS} s): Parley reaches full speed only after
about that many. Then every round gives each server the same time, in ${SLICES}
slices taken in rotation (every server's first slice, then every second slice, ..; each
round starts one server later), so outside load that changes within a round falls on all
of them alike; a fresh set of connections per slice. The figures are medians over the
rounds and ratios of medians, with the ratio within each round beside them. A run is valid when every answer is 200, without errors and as long as the
first. The peer rows show each peer's median, its ratio to B0, and Parley over the peer.
Mercurius with JIT answers fast enough that the generator (one thread) nears one core:
its figure is then a lower bound (the run says generator-bound). What limits Parley's
figure, by the CPU profile in docs/performance-http.md (per request, by component, against
Mercurius + JIT): Yoga's WHATWG Request/Response layer over node:http and the promise
chain of its hooks (stock Yoga pays it too; Fastify has none); JSON.stringify of the
result where Mercurius runs a serialiser compiled for the query; and, smaller, Parley's
own plugins (AsyncLocalStorage scope, metrics, guards, limits, auth). The in-memory store
hands out its frozen documents without copying them.`;
