/** Runs D0 (bench/baselines/driver-turns.ts) in its own process and reads its result. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const ROOT = new URL('../../', import.meta.url).pathname;
const RESULT = 'BENCH_RESULT ';

export interface DriverRun {
  rate: number;
  turns: number;
  errors: number;
  valid: boolean;
}

export function driverTurns(env: Record<string, string>, sessions: number, seconds: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/baselines/driver-turns.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, SESSIONS: String(sessions), SECONDS: String(seconds) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let result: { rate: number; turns: number } | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length));
      else if (tail.length < 20) tail.push(line);
    });
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000);
  return new Promise<DriverRun>((resolve, reject) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve({ ...result, errors: 0, valid: true });
      else reject(new Error(`D0 exited (${code}):\n${tail.join('\n')}`));
    });
  });
}
