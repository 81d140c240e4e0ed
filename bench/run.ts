/**
 * `npm run bench`: Parley against its baselines, each server in its own process, the load
 * generator here. Comparisons alternate A B A B after a warm-up; medians and ratios are
 * printed and written to bench/results.md, with what each figure means.
 *
 * For development: BENCH_ONLY=ws,latency,http,turns,heap,subscribe,flood picks sections (the
 * overload run comes with latency), BENCH_ROUNDS=1 shortens them; lib/options.ts has the rest.
 */
import type { Section } from './lib/figure.js';
import { benchOptions } from './lib/options.js';
import { writeReport } from './lib/report.js';
import { runFanout } from './sections/fanout.js';
import { runFlood } from './sections/flood.js';
import { runHttp } from './sections/http.js';
import { runIdleHeap } from './sections/idle-heap.js';
import { runLatency } from './sections/latency.js';
import { runOverload } from './sections/overload.js';
import { runSubscribeRate } from './sections/subscribe-rate.js';
import { runTurns } from './sections/turns.js';

const o = benchOptions();
const started = Date.now();
const sections: Section[] = [];

const fanout = o.wanted('ws') ? await runFanout(o) : undefined;
if (fanout) sections.push(fanout.section);
if (o.wanted('latency')) {
  const n = o.latencySubscribers;
  const latency = await runLatency({ ...o, n, seconds: o.latencySeconds, w0: fanout?.w0.get(n) });
  sections.push(latency.section);
  const seconds = o.overloadSeconds;
  const overheadMs = latency.parleyOverheadMs;
  sections.push(await runOverload({ n, perSecond: latency.perSecond * 2, overheadMs, seconds }));
}
if (o.wanted('http')) sections.push(await runHttp({ ...o, seconds: o.httpSeconds }));
if (o.wanted('turns')) sections.push(await runTurns({ ...o, seconds: o.turnsSeconds }));
if (o.wanted('heap')) sections.push(await runIdleHeap(o));
if (o.wanted('subscribe')) sections.push(await runSubscribeRate(o));
if (o.wanted('flood')) sections.push(await runFlood({ ...o, seconds: o.floodSeconds }));

const seconds = (Date.now() - started) / 1000;
const report = writeReport({ sections, settings: o.describe(), seconds, partial: o.partial });
console.log(`\n${report}`);
console.log(`bench: ${seconds.toFixed(0)} s in all; written to bench/results.md`);
