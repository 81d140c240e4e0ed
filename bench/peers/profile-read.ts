/** A `node --cpu-prof` profile's samples within a time window, each with its stack. */
import { readFileSync } from 'node:fs';
import type { Frame } from './profile-components.js';

export interface CallFrame extends Frame {
  lineNumber: number;
}

interface Node {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Sample {
  /** Leaf first. */
  stack: CallFrame[];
  /** µs until the next sample: the time this one stands for. */
  us: number;
}

/** start and end in the profile's clock (monotonic µs, as profile-load.ts prints them). */
export function samplesInWindow(file: string, start: number, end: number): Sample[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  if (start < profile.startTime || end > profile.endTime) {
    throw new Error(`window ${start}-${end} outside ${profile.startTime}-${profile.endTime}`);
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map<number, CallFrame[]>();
  const stackOf = (id: number) => {
    let stack = stacks.get(id);
    if (!stack) {
      stack = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        stack.push(byId.get(at)!.callFrame);
      }
      stacks.set(id, stack);
    }
    return stack;
  };
  const samples: Sample[] = [];
  // timeDeltas[i] is the time from sample i-1 to sample i.
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < start || t >= end) continue;
    samples.push({ stack: stackOf(profile.samples[i]!), us: profile.timeDeltas[i + 1] ?? 0 });
  }
  return samples;
}

/** A frame as `name script:line`, scripts shortened to their package or repo path. */
export function frameName(f: CallFrame): string {
  const where = f.url
    ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/')}:${f.lineNumber + 1}`
    : '(builtin)';
  return `${f.functionName || '(anonymous)'} ${where}`;
}
