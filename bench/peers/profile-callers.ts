/**
 * Where a function's time comes from: the samples whose stack holds a frame of that name,
 * grouped by the frames above it (callers), µs per request, largest first.
 *
 *   tsx bench/peers/profile-callers.ts <file.cpuprofile> <start µs> <end µs> <requests> <function> [depth]
 */
import { frameName, samplesInWindow } from './profile-read.js';

const [file, start, end, requests, name, depth = '6'] = process.argv.slice(2);
if (!file || !start || !end || !requests || !name) throw new Error('usage: see the header');

const byChain = new Map<string, number>();
for (const { stack, us } of samplesInWindow(file, Number(start), Number(end))) {
  const at = stack.findIndex((f) => f.functionName === name);
  if (at < 0) continue;
  const chain = stack
    .slice(at, at + Number(depth))
    .map(frameName)
    .join(' < ');
  byChain.set(chain, (byChain.get(chain) ?? 0) + us);
}
for (const [chain, us] of [...byChain].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
  console.log(`${(us / Number(requests)).toFixed(1)} µs  ${chain}`);
}
