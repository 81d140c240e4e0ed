/**
 * FerretDB 1.24 (SQLite backend) as the tests' MongoDB-wire server: finding (or
 * building) the binary and running private instances on loopback ports. A test that
 * needs an outage runs its own instance: stop() keeps the data directory, so
 * startFerretDb({ port, dataDir }) brings the same server back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

export const FERRETDB_VERSION = 'v1.24.2';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Where scripts/build-ferretdb.sh puts the binary (it honours the same variables). */
export function cachedFerretDbPath(): string {
  const cacheRoot =
    process.env.PARLEY_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'parley');
  return join(cacheRoot, `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

/**
 * FERRETDB_BIN, else `ferretdb` on PATH, else the build cache; with `build`, builds it
 * when Go is available. Null when there is no binary and no way to build one.
 */
export async function findFerretDb({ build = false } = {}): Promise<string | null> {
  const fromEnv = process.env.FERRETDB_BIN;
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new Error(`FERRETDB_BIN=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const found =
    onPath('ferretdb') ?? (isExecutable(cachedFerretDbPath()) ? cachedFerretDbPath() : null);
  if (found || !build || !onPath('go')) return found;
  return buildFerretDb();
}

/** Runs scripts/build-ferretdb.sh (about 2 minutes the first time); progress goes to stderr. */
async function buildFerretDb(): Promise<string> {
  const child = spawn('bash', [join(repoRoot, 'scripts/build-ferretdb.sh')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const bin = stdout.trim().split('\n').at(-1)?.trim();
  if (code !== 0 || !bin || !isExecutable(bin)) {
    throw new Error(`scripts/build-ferretdb.sh failed (exit ${code}); see its output above`);
  }
  return bin;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface FerretDbInstance {
  uri: string;
  port: number;
  dataDir: string;
  /** Stops the server and keeps its data, so it can be started again on the same port. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL, a crash); keeps its data like stop(). */
  kill(): Promise<void>;
  /** Stops the server and removes the data directory if startFerretDb created it. */
  dispose(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  dataDir?: string;
  /** Defaults to findFerretDb({ build: true }). */
  bin?: string;
}

export async function startFerretDb(opts: StartOptions = {}): Promise<FerretDbInstance> {
  const bin = opts.bin ?? (await findFerretDb({ build: true }));
  if (!bin) throw new Error('no ferretdb binary found (set FERRETDB_BIN or install Go)');
  const port = opts.port ?? (await freePort());
  const ownsDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'parley-ferretdb-')));
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dataDir}`,
      '--telemetry=disable',
      '--log-level=error',
      // The debug listener defaults to a fixed port (8088), which would clash between instances.
      '--debug-addr=-',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // A crashed or interrupted test run must not leave servers behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await Promise.race([
      waitForPing(uri),
      exited.then((code) => {
        throw new Error(`ferretdb exited with code ${code} while starting: ${stderr.trim()}`);
      }),
    ]);
  } catch (err) {
    await stopProcess(child, exited);
    process.off('exit', killOnExit);
    if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    await stopProcess(child, exited);
    process.off('exit', killOnExit);
  };
  return {
    uri,
    port,
    dataDir,
    stop,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      process.off('exit', killOnExit);
    },
    async dispose() {
      await stop();
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 30_000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A private FerretDB that can go down (stopped or killed) and come back on the same port with its data. */
export async function restartableFerretDb() {
  const first = await startFerretDb();
  let current: FerretDbInstance = first;
  return {
    uri: first.uri,
    stop: () => current.stop(),
    kill: () => current.kill(),
    async restart() {
      current = await startFerretDb({ port: first.port, dataDir: first.dataDir });
    },
    async dispose() {
      await current.stop();
      await first.dispose();
    },
  };
}
