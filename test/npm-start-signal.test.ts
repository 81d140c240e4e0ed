/**
 * `npm start` as a container runs it: SIGTERM goes to npm's PID only. npm forwards it to
 * its script's process, which must be the server itself (`exec node --import tsx ...`):
 * with a `sh -c` in between, sh dies, npm dies of the signal, and the server goes on
 * answering on its port. Asserts the port closes, npm exits 0 and no process of the
 * tree is left.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';

const ROOT = new URL('../', import.meta.url).pathname;
/** The server's SHUTDOWN_GRACE_MS here; the whole tree must be gone well within it plus slack. */
const GRACE_MS = 3_000;

const spawned: ChildProcess[] = [];
const treePids: number[] = [];
afterAll(() => {
  for (const child of spawned) child.kill('SIGKILL');
  for (const pid of treePids) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every descendant of pid, from `ps --ppid`, depth first (bounded by the tree's size). */
function descendants(pid: number, seen = new Set<number>()): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is no child
  }
  const children = out
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0 && !seen.has(child));
  for (const child of children) seen.add(child);
  return [...children, ...children.flatMap((child) => descendants(child, seen))];
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

it('SIGTERM to the PID of `npm start` stops the server: port closed, exit 0, no process left', async () => {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    // In-memory store, in-process bus: nothing else to reach.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(npm);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    npm.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    for (const stream of [npm.stdout!, npm.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        const match = /"url":"http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
        if (match && line.includes('"msg":"Parley listening"')) resolve(Number(match[1]));
      });
    }
    void exited.then(({ code }) => reject(new Error(`npm start exited (${code}):\n${lines}`)));
  });
  expect(await portOpen(port)).toBe(true);
  treePids.push(...descendants(npm.pid!));
  expect(treePids.length).toBeGreaterThan(0);

  const sentAt = performance.now();
  npm.kill('SIGTERM');
  const { code, signal } = await exited;
  const seconds = (performance.now() - sentAt) / 1000;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(seconds).toBeLessThan(GRACE_MS / 1000);
  expect(await portOpen(port)).toBe(false);
  // Helpers the server started (tsx's esbuild service) see their pipe close and exit on
  // their own, a moment after the server: up to 5 s, looked at every 50 ms.
  for (let i = 0; i < 100 && treePids.some(alive); i++) await delay(50);
  expect(treePids.filter(alive)).toEqual([]);
  expect(lines.some((line) => line.includes('"msg":"shutting down"'))).toBe(true);
}, 30_000);
