/**
 * Property-based fuzzing (fast-check) of a Parley server in a child process, over HTTP
 * and WebSocket, with generated bad requests (test/support/fuzz-http.ts, fuzz-ws.ts). Properties:
 * - no HTTP 5xx: the GraphQL-over-HTTP spec asks for none for a bad request (it leaves
 *   5xx to faults of the server itself), so every one would be a bug here;
 * - no masked "Unexpected error" in an answer, and no error-level log line: a bad
 *   request is the client's fault and is answered as such;
 * - a WebSocket is never closed with 4500 or 1011 (internal error);
 * - the process never exits, and /health answers 200 throughout and at the end.
 * FUZZ_SEED=n replays a run; the seed is printed with the counts of each kind.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ChildServer, startChildServer } from './support/child-server.js';
import { type HttpCase, httpCases, RESERVED_STREAM_TOKEN } from './support/fuzz-http.js';
import { type WsCase, wsCases } from './support/fuzz-ws.js';

const HTTP_RUNS = 1600;
const WS_RUNS = 500;
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const counts: Record<string, number> = {};
const statuses: Record<string, number> = {};
/** graphql-transport-ws messages the server sent, by type. */
const wsAnswers: Record<string, number> = {};
/** How the conversations of each kind ended: `pong`, `close <code>` or `silence` (5 s without). */
const wsEndings: Record<string, Record<string, number>> = {};
let wsInits = 0;
const healthFailures: string[] = [];
let server: ChildServer;
/** One graphql-sse stream reserved for the run, never connected (the cases post to it). */
let streamToken: string;
let healthTimer: NodeJS.Timeout;

beforeAll(async () => {
  server = await startChildServer({
    LOG_LEVEL: 'info',
    LOCAL_AGENT_TOKEN_DELAY_MS: '0',
    // The reserved stream must outlive the run.
    SSE_RESERVATION_TTL_MS: '600000',
  });
  const reserved = await fetch(`${server.url}/graphql/stream`, { method: 'PUT' });
  expect(reserved.status).toBe(201);
  streamToken = await reserved.text();
  // /health throughout: polled beside the fuzzing, every failure kept.
  healthTimer = setInterval(() => {
    fetch(`${server.url}/health`, { signal: AbortSignal.timeout(5000) }).then(
      (res) => res.status !== 200 && healthFailures.push(`status ${res.status}`),
      (error: Error) => healthFailures.push(error.message),
    );
  }, 100);
}, 30_000);

afterAll(async () => {
  clearInterval(healthTimer);
  server?.process.kill('SIGTERM');
  await server?.exited;
});

const tally = (table: Record<string, number>, key: string, n = 1) => {
  table[key] = (table[key] ?? 0) + n;
};
const count = (kind: string, n = 1) => tally(counts, kind, n);
const sum = (table: Record<string, number>) => Object.values(table).reduce((a, b) => a + b, 0);

async function sendHttp(c: HttpCase): Promise<void> {
  count(c.kind);
  const body = Array.isArray(c.body) ? chunked(c.body) : c.body;
  const headers = Object.fromEntries(
    Object.entries(c.headers).map(([k, v]) => [k, v === RESERVED_STREAM_TOKEN ? streamToken : v]),
  );
  const res = await fetch(`${server.url}${c.path}`, {
    method: c.method,
    headers,
    body,
    ...(Array.isArray(c.body) ? { duplex: 'half' } : {}),
    signal: AbortSignal.timeout(10_000),
  } as RequestInit);
  tally(statuses, String(res.status));
  // A subscription that happens to be valid streams until it is left: not a finding.
  if (/event-stream|multipart\/mixed/.test(res.headers.get('content-type') ?? '')) {
    expect(res.status).toBe(200);
    return res.body?.cancel();
  }
  const text = await res.text();
  expect(res.status, `${c.kind}: ${text.slice(0, 300)}`).toBeLessThan(500);
  // Yoga's masked answer to an exception (GraphiQL's HTML page has the words too).
  const masked = /"message":"Unexpected error/.test(text);
  expect(masked, `${c.kind}: ${text.slice(0, 300)}`).toBe(false);
}

function chunked(chunks: Buffer[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

/** One connection: the frames, then a ping; done at the pong or when the server closes. */
async function sendWs(c: WsCase): Promise<void> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const answers: string[] = [];
  const awaited = new Map<string, () => void>();
  let closedWith: number | undefined;
  const closed = new Promise<void>((resolve) =>
    ws.on('close', (code) => {
      closedWith = code;
      resolve();
    }),
  );
  ws.on('error', () => {}); // e.g. ECONNRESET after the server closed; judged by the close code
  ws.on('message', (data) => {
    answers.push(String(data));
    const type = String(JSON.parse(String(data)).type);
    tally(wsAnswers, type);
    awaited.get(type)?.();
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const heard = (type: string) =>
    new Promise<string>((resolve) => awaited.set(type, () => resolve(type)));
  const closedAs = closed.then(() => `close ${closedWith}`);
  if (c.init) {
    wsInits++;
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await Promise.race([heard('connection_ack'), closed]);
  }
  for (const frame of c.frames) {
    count(c.kind);
    if (ws.readyState !== ws.OPEN) break;
    if (typeof frame === 'string') ws.send(frame);
    else if ('binary' in frame) ws.send(frame.binary, { binary: true });
    else ws.send(frame.invalidText, { binary: false }); // a text frame that is not UTF-8
  }
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
  // A deadline, not a pause: the server answers a ping with a pong or closes the socket,
  // and a conversation left without either is counted (and fails the run at the end).
  let deadline: NodeJS.Timeout | undefined;
  const silence = new Promise<string>((resolve) => {
    deadline = setTimeout(() => resolve('silence'), 5000);
  });
  wsEndings[c.kind] ??= {};
  tally(wsEndings[c.kind]!, await Promise.race([heard('pong'), closedAs, silence]));
  clearTimeout(deadline);
  ws.close();
  await closed;
  expect([4500, 1011], `${c.kind}: closed with ${closedWith}`).not.toContain(closedWith);
  const masked = answers.find((answer) => /"message":"Unexpected error/.test(answer));
  expect(masked, c.kind).toBeUndefined();
}

async function healthy(): Promise<void> {
  expect(server.process.exitCode, 'the server exited').toBeNull();
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
}

const options = { seed, endOnFailure: true };

it(`HTTP: ${HTTP_RUNS} bad requests, never a 5xx (seed ${seed})`, async () => {
  await fc.assert(fc.asyncProperty(httpCases, sendHttp), { ...options, numRuns: HTTP_RUNS });
  await healthy();
}, 60_000);

it(`WebSocket: ${WS_RUNS} bad conversations, never an internal error (seed ${seed})`, async () => {
  await fc.assert(fc.asyncProperty(wsCases, sendWs), { ...options, numRuns: WS_RUNS });
  await healthy();
}, 60_000);

it('the server stayed up and healthy, and logged no error', async () => {
  const total = sum(counts);
  console.log(`fuzz (seed ${seed}): ${total} requests`, counts, 'HTTP statuses', statuses);
  console.log('WebSocket answers', wsAnswers, 'endings', wsEndings);
  expect(total).toBeGreaterThanOrEqual(2000);
  // Every request was answered, refused as a client error or accepted.
  expect(sum(statuses)).toBe(HTTP_RUNS);
  expect(Object.keys(statuses)).toEqual(expect.arrayContaining(['200', '400']));
  // Every conversation was answered: each init acknowledged and each conversation ended
  // with a pong or a close the server chose, never in silence. Frames a socket cannot
  // carry are closed with their own code (1007, 1009); a bad protocol message or binary
  // frame with 4400 (or what the protocol says, e.g. 4429 for a second init).
  // (a fuzzed frame may be a valid connection_init too: more acks than inits is fine).
  expect(wsInits).toBeGreaterThan(0);
  expect(wsAnswers.connection_ack).toBeGreaterThanOrEqual(wsInits);
  const endings = Object.values(wsEndings);
  expect(endings.map(sum).reduce((a, b) => a + b, 0)).toBe(WS_RUNS);
  expect(endings.filter((ending) => 'silence' in ending)).toEqual([]);
  expect(Object.keys(wsEndings).sort()).toEqual([
    'WebSocket binary frames',
    'WebSocket invalid UTF-8',
    'WebSocket oversized messages',
    'WebSocket protocol messages',
  ]);
  const expectedClose: Record<string, string> = {
    'WebSocket invalid UTF-8': 'close 1007',
    'WebSocket oversized messages': 'close 1009',
    'WebSocket binary frames': 'close 4400',
    'WebSocket protocol messages': 'close 4400',
  };
  for (const [kind, close] of Object.entries(expectedClose))
    expect(Object.keys(wsEndings[kind]!), kind).toContain(close);
  await healthy();
  expect(healthFailures).toEqual([]);
  const errors = server.lines.filter((line) => /"level":(50|60)/.test(line));
  expect(errors).toEqual([]);
});
