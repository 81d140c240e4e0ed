/**
 * Operations endpoints on real servers: /health, /ready (MongoDB and Redis reachable;
 * 503 once a private redis-server dies), /metrics in Prometheus text format, and
 * request ids echoed in x-request-id.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type EventsData, SEND_CHAT, SESSION_EVENTS, START_CHAT } from './support/operations.js';
import { redisUrl } from './support/redis.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

const mongo = storeVariants.find((v) => v.name === 'mongo')!;

/** The value of one sample, e.g. sample(text, 'parley_running_turns'); labels must match exactly. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

/** The sum of every sample of a metric, whatever its labels. */
function total(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('/health and /ready', () => {
  it('/health answers 200 while the process is up', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/ready is 200 with MongoDB and Redis reachable', async () => {
    const server = await startServer({ ...(await mongo.env()), REDIS_URL: await redisUrl() });
    const res = await fetch(`${server.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { mongodb: 'ok', redis: 'ok' } });
  });

  it('/ready turns 503 when Redis goes away, and names Redis', async () => {
    const port = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    children.push(redis);
    const url = `redis://127.0.0.1:${port}`;
    await waitForRedis(url);
    const server = await startServer({ REDIS_URL: url });
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);

    redis.kill('SIGKILL');
    await expect
      .poll(
        async () => {
          const res = await fetch(`${server.url}/ready`);
          return { status: res.status, body: await res.json() };
        },
        { timeout: 10_000 },
      )
      .toEqual({
        status: 503,
        body: { status: 'not ready', checks: { memory: 'ok', redis: 'unreachable' } },
      });
    // /health is about the process, which is fine.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

async function waitForRedis(url: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {}); // refused until redis-server is up: expected
        try {
          await probe.connect();
          return await probe.ping();
        } catch {
          return 'down';
        } finally {
          probe.disconnect();
        }
      },
      { timeout: 5000 },
    )
    .toBe('PONG');
}

describe('/metrics', () => {
  it('serves Node, request and Parley metrics that follow what the server does', async () => {
    const server = await startServer({ LOCAL_AGENT_TOKEN_DELAY_MS: '30' });
    const metrics = async () => {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };
    const before = await metrics();
    expect(before).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    expect(before).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(before).toContain('# TYPE parley_turn_duration_seconds histogram');
    expect(sample(before, 'parley_running_turns')).toBe(0);
    expect(sample(before, 'parley_active_subscriptions')).toBe(0);
    expect(total(before, 'parley_events_published_total')).toBe(0);

    // A subscriber and a long turn in flight show up in the gauges.
    const sessionId = crypto.randomUUID();
    const client = server.wsClient();
    const watch = collect<EventsData>(
      client,
      SESSION_EVENTS,
      { sessionId },
      (item) => item.data?.sessionEvents.__typename === 'DoneEvent',
    );
    await listenersReady(server.app, 1);
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    const started = await server.gql<any>(START_CHAT, { input: { sessionId, content: words } });
    expect(started.errors).toBeUndefined();
    const during = await metrics();
    expect(sample(during, 'parley_running_turns')).toBe(1);
    expect(sample(during, 'parley_active_subscriptions')).toBe(1);
    await watch.done;

    const sent = await server.gql<any>(SEND_CHAT, {
      input: { sessionId, content: 'what is 2+3*4?' },
    });
    expect(sent.data.sendChat.status).toBe('COMPLETED');
    const after = await metrics();
    expect(sample(after, 'parley_running_turns')).toBe(0);
    expect(sample(after, 'parley_active_subscriptions')).toBe(0);
    const published = total(after, 'parley_events_published_total');
    expect(published).toBeGreaterThan(20);
    expect(sample(after, 'parley_events_published_total', 'type="done"')).toBe(2);
    expect(sample(after, 'parley_events_published_total', 'type="toolStart"')).toBe(1);
    expect(sample(after, 'parley_turn_duration_seconds_count', 'status="COMPLETED"')).toBe(2);
    expect(sample(after, 'parley_turn_duration_seconds_sum', 'status="COMPLETED"')).toBeGreaterThan(
      0.3,
    );
    expect(
      sample(after, 'parley_turn_duration_seconds_bucket', 'le="+Inf",status="COMPLETED"'),
    ).toBe(2);
    // HTTP requests by route, status and operation type, and their durations.
    expect(
      sample(
        after,
        'parley_http_requests_total',
        'route="graphql",status="200",operation="mutation"',
      ),
    ).toBe(2);
    expect(
      sample(after, 'parley_http_requests_total', 'route="metrics",status="200",operation="none"'),
    ).toBe(2);
    expect(
      sample(
        after,
        'parley_http_request_duration_seconds_count',
        'route="graphql",operation="mutation"',
      ),
    ).toBe(2);
    expect(
      sample(after, 'parley_graphql_operations_total', 'operation="subscription",transport="ws"'),
    ).toBe(1);

    // Another turn: the counter grows.
    await server.gql(SEND_CHAT, { input: { sessionId, content: 'again' } });
    expect(total(await metrics(), 'parley_events_published_total')).toBeGreaterThan(published);
  });

  it('is off with METRICS_ENABLED=false', async () => {
    const server = await startServer({ METRICS_ENABLED: 'false' });
    expect((await fetch(`${server.url}/metrics`)).status).not.toBe(200);
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id and replaces a missing or insane one', async () => {
    const server = await startServer();
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const given = await post({ 'x-request-id': 'lb-7f3a.42:abc' });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.42:abc');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect((await post({})).headers.get('x-request-id')).toMatch(uuid);
    for (const insane of ['a b', 'x'.repeat(200), 'id"}{"admin":true', '\u00e9t\u00e9']) {
      expect((await post({ 'x-request-id': insane })).headers.get('x-request-id')).toMatch(uuid);
    }
    // The ops routes get one too.
    expect((await fetch(`${server.url}/health`)).headers.get('x-request-id')).toMatch(uuid);
  });
});
