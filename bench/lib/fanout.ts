/**
 * One fan-out round: N subscriber sockets in this process, one server (Parley or W0) in
 * another. A round opens fresh sockets (so one round's overflowed or broken
 * subscriptions cannot spoil the next), triggers one run of events, and times from the
 * trigger until every subscriber has its DoneEvent. Used for R_ws and for latency.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { openSubscriber, type Subscriber } from './ws-subscriber.js';

export interface FanoutResult {
  eventsPerClient: number;
  seconds: number;
  /** Events delivered per second, summed over all subscribers. */
  rate: number;
  /** Events the server made per second (first to last `at` seen by one subscriber). */
  emitRate: number;
  /** Generator CPU over the round's wall time, in cores. */
  genCpu: number;
  valid: boolean;
  problems: string[];
  /** Mean `next` message length in bytes, to size W0's payload like Parley's. */
  meanBytes: number;
}

export interface FanoutRound {
  httpUrl: string;
  n: number;
  graphqlWs: boolean;
  sessionId: string;
  /** Resolves once the server has all N subscriptions live. */
  waitSubscribed: () => Promise<void>;
  /** Starts the events; resolves with the first seq and, when known, how many. */
  trigger: () => Promise<{ firstSeq: number; count?: number }>;
  /** Gives up on subscribers still waiting for their DoneEvent after this long. */
  timeoutMs?: number;
  latencies?: number[];
  now?: () => number;
}

/** Sockets opened at once: 1,000 simultaneous handshakes would time out on a small box. */
const CONNECT_BATCH = 100;

export async function fanoutRound(opts: FanoutRound): Promise<FanoutResult> {
  const wsUrl = `${opts.httpUrl.replace(/^http/, 'ws')}/graphql`;
  let doneCount = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const onDone = () => {
    doneCount += 1;
    if (doneCount === opts.n) allDone();
  };
  const subscribers: Subscriber[] = [];
  for (let i = 0; i < opts.n; i += CONNECT_BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(opts.n, i + CONNECT_BATCH); j++) {
      const { s, ready } = openSubscriber({ ...opts, wsUrl, onDone });
      subscribers.push(s);
      batch.push(ready);
    }
    await Promise.all(batch);
  }
  await opts.waitSubscribed();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { firstSeq, count } = await opts.trigger();
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const timedOut = await Promise.race([
    finished.then(() => false),
    delay(timeoutMs).then(() => true),
  ]);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  for (const s of subscribers) s.socket.terminate();
  const problems: string[] = [];
  if (timedOut) problems.push(`timed out: ${doneCount}/${opts.n} subscribers saw the DoneEvent`);
  // Without a count the DoneEvent's seq says how many events there were.
  const finisher = subscribers.find((s) => s.done) ?? subscribers[0]!;
  const expected = count ?? finisher.lastSeq - firstSeq + 1;
  problems.push(...checkSubscribers(subscribers, firstSeq, expected));
  const delivered = subscribers.reduce((sum, s) => sum + s.count, 0);
  const span = (finisher.lastAt - finisher.firstAt) / 1000;
  return {
    eventsPerClient: expected,
    seconds,
    rate: delivered / seconds,
    emitRate: span > 0 ? (finisher.count - 1) / span : Number.NaN,
    genCpu: (cpu.user + cpu.system) / 1e6 / seconds,
    valid: problems.length === 0,
    problems,
    meanBytes: finisher.count ? finisher.bytes / finisher.count : 0,
  };
}

/** Every subscriber must have every event from firstSeq on, in order, without errors. */
function checkSubscribers(subscribers: Subscriber[], firstSeq: number, expected: number) {
  const problems: string[] = [];
  let bad = 0;
  for (const s of subscribers) {
    const ok =
      s.errors.length === 0 && s.gaps === 0 && s.firstSeq === firstSeq && s.count === expected;
    if (!ok && bad++ < 3) {
      problems.push(
        `subscriber: ${s.count}/${expected} events, first seq ${s.firstSeq} (want ${firstSeq}), ${s.gaps} gaps, errors ${s.errors.slice(0, 2).join('; ')}`,
      );
    }
  }
  if (bad > 3) problems.push(`...${bad} invalid subscribers in all`);
  return problems;
}
