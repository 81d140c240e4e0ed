/**
 * Server heap per idle subscription: 10,000 graphql-ws sockets with one sessionEvents
 * subscription each, none receiving anything. Live heap after a full collection is read
 * with nothing open, with the sockets open, and with every socket subscribed; the same
 * for S0, a raw \`ws\` server that only records each subscription (the floor).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { atMost, type Section } from '../lib/figure.js';
import { createSession, waitSubscriptions } from '../lib/parley.js';
import { type Proc, startParley, startRawWsSubscribe } from '../lib/procs.js';
import { fmt } from '../lib/stats.js';
import { openPool } from '../lib/ws-pool.js';

const LIMIT_BYTES = 10 * 1024;

/** S0's heap per idle socket and per subscription on it, measured as Parley's. */
async function rawFloor(n: number): Promise<{ perSocket: number; perSubscription: number }> {
  const s0: Proc = await startRawWsSubscribe();
  const count = async () =>
    (await (await fetch(`${s0.url}/count`)).json()) as never as {
      subscriptions: number;
    };
  try {
    const empty = await s0.memory();
    const pool = await openPool(s0.url, n);
    const connected = await s0.memory();
    pool.subscribe('bench-idle', 1);
    while ((await count()).subscriptions < n) await delay(50);
    const subscribed = await s0.memory();
    pool.close();
    const perSocket = (connected.heapUsed - empty.heapUsed) / n;
    const perSubscription = (subscribed.heapUsed - connected.heapUsed) / n;
    console.log(
      `  S0     ${fmt(perSocket + perSubscription)} B (socket ${fmt(perSocket)} B + subscription ${fmt(perSubscription)} B)`,
    );
    return { perSocket, perSubscription };
  } finally {
    await s0.stop();
  }
}

export async function runIdleHeap(opts: { subscriptions: number }): Promise<Section> {
  const n = opts.subscriptions;
  console.log(`\nIdle heap: ${fmt(n)} sockets with one idle subscription each`);
  const floor = await rawFloor(n);
  const parley = await startParley();
  try {
    const sessionId = 'bench-idle';
    await createSession(parley.url, sessionId);
    const empty = await parley.memory();
    const pool = await openPool(parley.url, n);
    const connected = await parley.memory();
    pool.subscribe(sessionId, 1);
    await waitSubscriptions(parley.url, n);
    const subscribed = await parley.memory();
    const valid = pool.problems.length === 0 && pool.allOpen();
    pool.close();
    await waitSubscriptions(parley.url, 0);
    const perSocket = (connected.heapUsed - empty.heapUsed) / n;
    const perSubscription = (subscribed.heapUsed - connected.heapUsed) / n;
    const total = perSocket + perSubscription;
    const rss = (subscribed.rss - empty.rss) / n;
    console.log(
      `  heap per idle subscriber ${fmt(total)} B (socket ${fmt(perSocket)} B + subscription ${fmt(perSubscription)} B), RSS ${fmt(rss)} B  ${valid ? 'valid' : `INVALID: ${pool.problems.join('; ')}`}`,
    );
    return {
      title: 'Idle subscriptions',
      method: METHOD,
      figures: [
        {
          figure: `Server heap per idle subscription (${fmt(n)}, one per socket), bytes`,
          parley: fmt(total),
          baseline: `S0 ${fmt(floor.perSocket + floor.perSubscription)}`,
          ratio: fmt(total / (floor.perSocket + floor.perSubscription), 2),
          target: `≤ ${fmt(LIMIT_BYTES)} (10 KiB)`,
          verdict: atMost(total, LIMIT_BYTES, 0, ' B'),
          runs: `socket ${fmt(perSocket)} B + subscription ${fmt(perSubscription)} B (S0 ${fmt(floor.perSocket)} + ${fmt(floor.perSubscription)}); RSS ${fmt(rss)} B; 1 run, ${valid ? 'valid' : 'INVALID'}`,
        },
      ],
    };
  } finally {
    await parley.stop();
  }
}

const METHOD = `One Parley (in-memory store). Live heap after a full collection (--expose-gc and
the bench's SIGUSR2 hook) is read with no client, after opening the sockets (graphql-ws
connection acknowledged) and after each socket subscribed once to one existing session
(Parley's parley_active_subscriptions gauge at the count). Per subscription = growth over
the count; the figure counts the socket too, since an idle subscriber holds both, and the
split is shown. Valid = no socket got anything but pings, all still open. S0
(bench/baselines/raw-ws-subscribe.ts: \`ws\` and a map of subscription ids per socket) is
measured the same way first, as the floor: what a socket costs in \`ws\` and Node alone.

Where it goes (heap snapshots of 2,000 idle subscribers, new objects by retainer): a
socket is ws's WebSocket, Receiver and Sender, Node's net.Socket and its TCP handle with
their stream states, graphql-ws's connection context, Parley's Connection and SocketFlow
(about 5.1 KB; S0's figure is the part that is ws and Node). A subscription is
graphql-ws's operation (its suspended handler, the parsed subscribe message, its emit
closures), envelop's subscribe hooks around the result stream (the arrays of hooks and the
iterators that map results and errors, about 2 KB of the 8 KB), Yoga's per-operation
context, the promises of the waiting next() (each with async-hook fields, as the request
scope's AsyncLocalStorage is on), and Parley's own subscription, its buffer, bus listener,
result stream and socket writer (about 1.3 KB). Not kept: the HTTP upgrade request, a copy
of the query text per operation (one per text, server/ws-query-texts.ts), and named
closures per socket or operation (under tsx each costs about 300 B more: esbuild's
keepNames makes it a dictionary-mode function). DataLoaders are made only when an
operation uses them.`;
