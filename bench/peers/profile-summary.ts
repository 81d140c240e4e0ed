/**
 * Reads a `node --cpu-prof` profile over the window profile-load.ts printed and prints,
 * in Markdown, CPU busy per request by component and the top self-time functions.
 *
 *   tsx bench/peers/profile-summary.ts <file.cpuprofile> <start µs> <end µs> <requests>
 */
import { componentOf, IDLE } from './profile-components.js';
import { frameName, samplesInWindow } from './profile-read.js';

const [file, start, end, requestsArg] = process.argv.slice(2);
if (!file || !start || !end || !requestsArg) throw new Error('usage: see the header');
const requests = Number(requestsArg);

const byComponent = new Map<string, number>();
const bySelf = new Map<string, number>();
const add = (map: Map<string, number>, key: string, us: number) =>
  map.set(key, (map.get(key) ?? 0) + us);
for (const { stack, us } of samplesInWindow(file, Number(start), Number(end))) {
  const component = componentOf(stack);
  add(byComponent, component, us);
  if (component !== IDLE) add(bySelf, frameName(stack[0]!), us);
}

const busy = [...byComponent].reduce((s, [k, v]) => (k === IDLE ? s : s + v), 0);
const perRequest = (v: number) => (v / requests).toFixed(1);
const share = (v: number) => `${((v / busy) * 100).toFixed(1)}%`;
const seconds = (Number(end) - Number(start)) / 1e6;
const idle = byComponent.get(IDLE) ?? 0;
console.log(
  `window ${seconds.toFixed(1)} s, ${requests} requests (${(requests / seconds).toFixed(0)} req/s profiled)`,
);
console.log(
  `busy ${(busy / 1e6).toFixed(2)} s = ${perRequest(busy)} µs per request; idle ${(idle / 1e6).toFixed(2)} s\n`,
);
console.log('| component | µs per request | share of busy |\n|---|---|---|');
const components = [...byComponent].filter(([k]) => k !== IDLE).sort((a, b) => b[1] - a[1]);
for (const [k, v] of components) console.log(`| ${k} | ${perRequest(v)} | ${share(v)} |`);
console.log('\n| top self time | µs per request | share of busy |\n|---|---|---|');
for (const [k, v] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`| \`${k}\` | ${perRequest(v)} | ${share(v)} |`);
}
