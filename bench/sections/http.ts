/** R_http: req/s for a `session` query over 20 messages, Parley over B0. */
import { atLeast, roundsNote, runFlags, runsNote, type Section } from '../lib/figure.js';
import { gql } from '../lib/http.js';
import { type HttpResult, httpLoad } from '../lib/http-load.js';
import { createSession } from '../lib/parley.js';
import { startGraphqlHttp, startParley } from '../lib/procs.js';
import { fmt, median } from '../lib/stats.js';

const TARGET = 0.9;
const CONCURRENCY = 32;

/** The same document for both servers; B0's schema mirrors these fields from Parley's. */
const SESSION_QUERY = `query Session($id: ID!) {
  session(id: $id) {
    id title messageCount usage { inputTokens outputTokens }
    messages(first: 50) {
      totalCount
      edges { cursor node { id role content status createdAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

function line(name: string, round: string, r: HttpResult): void {
  console.log(
    `  ${name.padEnd(6)} ${round.padEnd(7)} ${fmt(r.rate).padStart(7)} req/s  ${runFlags(r)}`,
  );
  for (const p of r.problems) console.log(`      ${p}`);
}

export async function runHttp(opts: { rounds: number; seconds: number }): Promise<Section> {
  console.log(
    `\nR_http: session query, 20 messages, ${CONCURRENCY} concurrent, ${opts.seconds} s per run`,
  );
  const parley = await startParley();
  const b0 = await startGraphqlHttp();
  try {
    const sessionId = 'bench-http';
    // Ten turns: a user and an agent message each.
    for (let i = 0; i < 10; i++) await createSession(parley.url, sessionId);
    const check = await gql<{ session: { messageCount: number } }>(parley.url, SESSION_QUERY, {
      id: sessionId,
    });
    if (check.session.messageCount !== 20) {
      throw new Error(`session has ${check.session.messageCount} messages, want 20`);
    }
    const run = (url: string, id: string, seconds: number) =>
      httpLoad({
        url: `${url}/graphql`,
        body: JSON.stringify({ query: SESSION_QUERY, variables: { id } }),
        seconds,
        concurrency: CONCURRENCY,
      });
    // Long enough for both to reach their JIT-compiled speed.
    line('Parley', 'warm-up', await run(parley.url, sessionId, 3));
    line('B0', 'warm-up', await run(b0.url, 'b0', 3));
    const a: HttpResult[] = [];
    const b: HttpResult[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      a.push(await run(parley.url, sessionId, opts.seconds));
      line('Parley', `round ${round}`, a.at(-1)!);
      b.push(await run(b0.url, 'b0', opts.seconds));
      line('B0', `round ${round}`, b.at(-1)!);
    }
    const pa = median(a.map((r) => r.rate));
    const pb = median(b.map((r) => r.rate));
    return {
      title: 'HTTP query throughput (R_http)',
      method: METHOD,
      figures: [
        {
          figure: 'R_http, `session` query with 20 messages, req/s',
          parley: fmt(pa),
          baseline: `B0 ${fmt(pb)}`,
          ratio: fmt(pa / pb, 2),
          target: `≥ ${TARGET}`,
          verdict: atLeast(pa / pb, TARGET),
          runs: `Parley ${roundsNote(a.map((r) => r.rate))}; B0 ${roundsNote(b.map((r) => r.rate))}; ${runsNote([...a, ...b])}`,
        },
      ],
    };
  } finally {
    await Promise.all([parley.stop(), b0.stop()]);
  }
}

const METHOD = `The same \`session\` query (the session, its usage and its 20 messages) against
Parley (in-memory store, one session of ten turns) and B0 (bench/baselines/graphql-http.ts:
node:http + graphql-js, parse and validation cached per query string, the same fields over
20 messages in memory, no auth, plugins or limits). ${CONCURRENCY} keep-alive connections
each send the next request when the last answer is in, for a fixed time per run. A run is
valid when every answer is 200, without errors and as long as the first.

What limits Parley's figure: Yoga's request pipeline costs more than executing the query.
Per request it builds a WHATWG Request and Response over node:http (with an AbortSignal),
runs the plugin hooks (body limit, request scope with AsyncLocalStorage and metrics, query
limits, masked errors), authenticates, and the in-memory store copies every document it
returns (structuredClone, as a database would hand out copies); B0 does none of that.
Closing the gap would mean serving plain POSTs outside Yoga, with a second set of guards;
Parley keeps one pipeline for every transport.`;
