/**
 * Child processes for the bench: Parley and the baselines each run in their own process,
 * separate from the load generator, so the generator's CPU never competes in-process with
 * the server being measured. Each is ready once its /health answers 200.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

export interface Proc {
  name: string;
  url: string;
  child: ChildProcess;
  /** Whether it is still running (a crash under load must not pass for a slow run). */
  alive(): boolean;
  /** Live heap and RSS after a full collection (servers started with the memory hook). */
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

export interface Memory {
  heapUsed: number;
  rss: number;
}

const ROOT = new URL('../../', import.meta.url).pathname;
const MEMORY_LINE = 'BENCH_MEMORY ';

/** A free port: bind to 0 and release it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function start(name: string, script: string, env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const memoryWaiters: ((m: Memory) => void)[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (line.startsWith(MEMORY_LINE)) {
        memoryWaiters.shift()?.(JSON.parse(line.slice(MEMORY_LINE.length)));
        return;
      }
      // Keep only the head: warnings under load must not grow the generator's heap.
      if (lines.length < 200) lines.push(line);
    });
  }
  let stopping = false;
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  // A server that dies mid-run must fail the run loudly rather than look slow.
  void exited.then((code) => {
    exitCode = code;
    if (!stopping) console.error(`${name} exited (${code}):\n${lines.slice(-20).join('\n')}`);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${name} did not start`);
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${lines.join('\n')}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await delay(100);
  }
  return {
    name,
    url,
    child,
    alive: () => exitCode === undefined,
    memory: () => {
      const reply = new Promise<Memory>((resolve) => memoryWaiters.push(resolve));
      child.kill('SIGUSR2');
      return Promise.race([
        reply,
        delay(10_000).then(() => Promise.reject(new Error(`${name} did not report its memory`))),
      ]);
    },
    stop: async () => {
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Stock Parley (in-memory store unless MONGODB_URI is given, local agent without token
 * delay), plus the memory hook. No chat rate limit and no pruning down to a session
 * count: the bench makes many sessions quickly, and a prune mid-run would skew it.
 */
export function startParley(extra: Record<string, string> = {}): Promise<Proc> {
  return start('parley', 'bench/servers/parley.ts', {
    LOCAL_AGENT_TOKEN_DELAY_MS: '0',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_CHATS_PER_MINUTE: '0',
    SESSION_MAX_SESSIONS: '0',
    ...extra,
  });
}

export function startRawWs(): Promise<Proc> {
  return start('W0', 'bench/baselines/raw-ws.ts', {});
}

export function startGraphqlHttp(): Promise<Proc> {
  return start('B0', 'bench/baselines/graphql-http.ts', {});
}

/** The HTTP section's peers (bench/peers/), each serving B0's schema and data. */
export type PeerKind = 'yoga' | 'yoga-jit' | 'apollo' | 'mercurius' | 'mercurius-jit';

const PEERS: Record<PeerKind, { script: string; env: Record<string, string> }> = {
  yoga: { script: 'bench/peers/yoga.ts', env: {} },
  'yoga-jit': { script: 'bench/peers/yoga.ts', env: { PEER_JIT: '1' } },
  apollo: { script: 'bench/peers/apollo.ts', env: {} },
  mercurius: { script: 'bench/peers/mercurius.ts', env: {} },
  'mercurius-jit': { script: 'bench/peers/mercurius.ts', env: { PEER_JIT: '1' } },
};

/** Started like B0 and Parley (same Node flags, same unset NODE_ENV): one mode for all. */
export function startPeer(kind: PeerKind): Promise<Proc> {
  const { script, env } = PEERS[kind];
  return start(kind, script, env);
}

/** S0: the least a `ws` server does to take subscriptions (subscribe rate, idle heap). */
export function startRawWsSubscribe(): Promise<Proc> {
  return start('S0', 'bench/baselines/raw-ws-subscribe.ts', {});
}
