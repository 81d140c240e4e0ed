/**
 * Start-up failures of the infrastructure, each in a real child process: MongoDB on a
 * closed port, an unreadable MONGODB_URI, Redis on a closed port, the port in use.
 * Each exits 1 with one line on stderr that names the setting and the address
 * (password masked) and says what to do; no stack trace, and nothing on stdout but the
 * in-memory store's warning.
 *
 * Time: the issue asks for the error within 10 s of the start. On a loaded machine
 * `node --import tsx` alone takes several seconds, so each case runs beside a child
 * that fails on its configuration (same imports, then loadConfig throws at once):
 * what the case takes beyond it is Parley's own time to the error, held to 5 s of
 * MongoDB server selection (the longest bound) plus slack.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FailedStart, runUntilExit } from './support/failed-start.js';
import { freePort } from './support/ferretdb.js';

const OWN_TIME_MS = 7000;
/** Kills a child that hangs: well past anything a loaded machine explains. */
const DEADLINE_MS = 25_000;
/** Logged at level warn when MONGODB_URI is unset: expected, not part of the failure. */
const MEMORY_STORE_WARNING = 'MONGODB_URI is not set';

/** Runs the case and, at the same time, a start that fails on its configuration. */
async function failedStart(env: Record<string, string>): Promise<FailedStart> {
  const [result, baseline] = await Promise.all([
    runUntilExit(env, DEADLINE_MS),
    runUntilExit({ PORT: 'not-a-port' }, DEADLINE_MS),
  ]);
  expect(baseline.code).toBe(1);
  expect(baseline.stderr.join('\n')).toContain('PORT');
  expect(result.ms - baseline.ms).toBeLessThan(OWN_TIME_MS);
  return result;
}

/** The one line on stderr; stdout carries no other log line (no error, no reconnecting). */
function theLine(result: FailedStart): string {
  expect(result.code).toBe(1);
  const stderr = result.stderr.filter((line) => line.trim() !== '');
  expect(stderr).toHaveLength(1);
  expect(result.stdout.filter((line) => !line.includes(MEMORY_STORE_WARNING))).toEqual([]);
  const line = stderr[0]!;
  expect(line).toMatch(/^Parley: /);
  expect(line).not.toMatch(/\bat .+:\d+:\d+|Error:|TopologyDescription/);
  return line;
}

describe('start-up failures: one line, exit 1', () => {
  let closedPort: number;
  let occupant: Server;
  let busyPort: number;

  beforeAll(async () => {
    closedPort = await freePort(); // listened on, then closed: connections are refused
    // Reads and discards (so a peer's close is seen), never answers.
    occupant = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve));
    busyPort = (occupant.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => occupant.close(resolve));
  });

  it('MongoDB on a closed port: MONGODB_URI, the address without its password', async () => {
    const uri = `mongodb://alice:s3cret-pw@127.0.0.1:${closedPort}/parley`;
    const line = theLine(await failedStart({ MONGODB_URI: uri }));
    expect(line).toContain('MONGODB_URI');
    expect(line).toContain(`mongodb://alice:***@127.0.0.1:${closedPort}/parley`);
    expect(line).toContain('unreachable');
    expect(line).toContain('Start MongoDB there or correct MONGODB_URI');
    expect(line).not.toContain('s3cret-pw');
  });

  it('MONGODB_URI that is no connection string: names the variable and the form wanted', async () => {
    const line = theLine(await failedStart({ MONGODB_URI: 'not-a-uri' }));
    expect(line).toContain('MONGODB_URI=not-a-uri is not a MongoDB connection string');
    expect(line).toContain('mongodb://[user:password@]host[:port]');
  });

  it('Redis on a closed port: REDIS_URL, the address without its password', async () => {
    const url = `redis://:r3dis-pw@127.0.0.1:${closedPort}`;
    const line = theLine(await failedStart({ REDIS_URL: url }));
    expect(line).toContain(`Redis at redis://:***@127.0.0.1:${closedPort} (REDIS_URL)`);
    expect(line).toContain('ECONNREFUSED');
    expect(line).toContain('unset it to run a single instance');
    expect(line).not.toContain('r3dis-pw');
  });

  it('Redis that accepts and never answers: given up after 5 s, not retried for ever', async () => {
    // The occupant of busyPort accepts connections and says nothing.
    const url = `redis://127.0.0.1:${busyPort}`;
    const line = theLine(await failedStart({ REDIS_URL: url }));
    expect(line).toContain(`Redis at ${url} (REDIS_URL) is unreachable: no answer within 5 s`);
  });

  it('PORT already in use: the port and host, no WebSocket error line', async () => {
    const line = theLine(await failedStart({ PORT: String(busyPort) }));
    expect(line).toContain(`port ${busyPort} on 127.0.0.1 (PORT=${busyPort}, HOST=127.0.0.1)`);
    expect(line).toContain('already in use');
    expect(line).toContain('choose another PORT');
  });
});
