/**
 * Load for a CPU profile (docs/performance-http.md): the bench's `session` query from
 * the bench's generator against a server started by hand under `node --cpu-prof`. Seeds
 * Parley's session when asked, warms up with 10k requests, then loads for a fixed time and
 * prints the window (monotonic µs, the clock V8's profile timestamps use) and the valid
 * answers in it, for profile-summary.ts to read the profile over that window only. Given
 * the server's pid, also its CPU time over the window from /proc (user and system, no
 * sampling): the check on the profile's total.
 *
 *   tsx bench/peers/profile-load.ts <url> <session id> <seconds> [--seed] [--pid <pid>]
 */
import { readFileSync } from 'node:fs';
import { httpLoad } from '../lib/http-load.js';
import { createSession } from '../lib/parley.js';
import { SESSION_QUERY } from './session-query.js';

const [url, sessionId, seconds, ...flags] = process.argv.slice(2);
if (!url || !sessionId || !seconds) throw new Error('usage: see the header');
const pid = flags.includes('--pid') ? flags[flags.indexOf('--pid') + 1] : undefined;

/** utime and stime of a process, in µs (/proc/<pid>/stat fields 14 and 15, in ticks). */
function cpuOf(id: string): { user: number; system: number } {
  const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const tick = 1e6 / 100; // CLK_TCK is 100 on Linux
  return { user: Number(fields[11]) * tick, system: Number(fields[12]) * tick };
}

if (flags.includes('--seed')) for (let i = 0; i < 10; i++) await createSession(url, sessionId);

const load = (s: number, stopAfter?: number) =>
  httpLoad({
    url: `${url}/graphql`,
    body: JSON.stringify({ query: SESSION_QUERY, variables: { id: sessionId } }),
    seconds: s,
    concurrency: 32,
    stopAfter,
  });
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const warm = await load(30, 10_000);
console.log(`warm-up: ${warm.requests} requests, valid ${warm.valid}`);
const cpu0 = pid ? cpuOf(pid) : undefined;
const start = nowUs();
const run = await load(Number(seconds));
const end = nowUs();
if (pid && cpu0) {
  const cpu1 = cpuOf(pid);
  const per = (us: number) => (us / run.requests).toFixed(0);
  const [user, system] = [cpu1.user - cpu0.user, cpu1.system - cpu0.system];
  console.log(
    `server CPU per request: user ${per(user)} µs, system ${per(system)} µs, total ${per(user + system)} µs`,
  );
}
console.log(
  `rate ${run.rate.toFixed(0)} req/s, valid ${run.valid}, gen CPU ${run.genCpu.toFixed(2)}`,
);
console.log(`window ${start} ${end} ${run.requests}`);
