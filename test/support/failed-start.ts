/**
 * Parley in a child process that is expected not to start: runs it to its exit (or
 * kills it at the deadline) and hands back what it wrote and how long it took.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface FailedStart {
  /** null: still running at the deadline (then killed). */
  code: number | null;
  stdout: string[];
  stderr: string[];
  /** From spawn to exit. */
  ms: number;
}

const ROOT = new URL('../../', import.meta.url).pathname;

export async function runUntilExit(
  env: Record<string, string>,
  deadlineMs: number,
): Promise<FailedStart> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const ended = [child.stdout!, child.stderr!].map((stream, i) => {
    const lines = i === 0 ? stdout : stderr;
    const reader = createInterface({ input: stream });
    reader.on('line', (line) => lines.push(line));
    return new Promise<void>((resolve) => reader.once('close', () => resolve()));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode)),
  );
  const ms = performance.now() - started;
  clearTimeout(timer);
  await Promise.all(ended); // the last lines
  return { code, stdout, stderr, ms };
}
