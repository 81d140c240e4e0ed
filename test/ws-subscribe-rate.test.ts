/**
 * Operations started per second on WebSockets (src/server/ws-subscribe-rate.ts):
 * per connection and per user, RATE_LIMITED with retryAfterMs over the limit, 4429
 * for a connection that goes on regardless, and nothing of a closed one left behind.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { SESSION_EVENTS } from './support/operations.js';
import { openRawWs } from './support/raw-ws.js';
import { disposeAll, listenersReady, startServer } from './support/server.js';
import { ALICE, AUTH_ENV, BOB } from './support/users.js';

afterAll(disposeAll);

async function wsSubscriptionsRun(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = /^parley_graphql_operations_total\{operation="subscription",transport="ws"\} (\d+)/m;
  return Number(line.exec(text)?.[1] ?? 0);
}

const isError = (id: string) => (m: any) => m.id === id && m.type === 'error';

it('refuses an operation over WS_SUBSCRIBES_PER_SECOND with RATE_LIMITED and retryAfterMs; the connection goes on', async () => {
  const s = await startServer({ ...AUTH_ENV, WS_SUBSCRIBES_PER_SECOND: '3' });
  const alice = await openRawWs(s.wsUrl, ALICE);
  for (const id of ['1', '2', '3', '4']) alice.subscribe(id, SESSION_EVENTS, { sessionId: id });
  const refused = await alice.message(isError('4'));
  expect(refused.payload[0].extensions).toMatchObject({
    code: 'RATE_LIMITED',
    limit: 3,
    per: 'connection',
  });
  const { retryAfterMs } = refused.payload[0].extensions;
  expect(retryAfterMs).toBeGreaterThan(0);
  expect(retryAfterMs).toBeLessThanOrEqual(1000);
  expect(refused.payload[0].message).toMatch(/at most 3 operations started per second/);
  await listenersReady(s.app, 3);
  // Another connection has a budget of its own.
  const other = await openRawWs(s.wsUrl, ALICE);
  other.subscribe('a', SESSION_EVENTS, { sessionId: 'a' });
  await listenersReady(s.app, 1, 'a');
  // After the wait it was told (a time, not an event: what a client must do), the first
  // connection may start one again.
  await sleep(retryAfterMs);
  alice.subscribe('5', SESSION_EVENTS, { sessionId: '5' });
  await listenersReady(s.app, 1, '5');
  expect(alice.messages.filter((m) => m.type === 'error')).toHaveLength(1);
});

it("counts a user's connections together under WS_USER_SUBSCRIBES_PER_SECOND; other users are not affected", async () => {
  const s = await startServer({
    ...AUTH_ENV,
    WS_SUBSCRIBES_PER_SECOND: '0',
    WS_USER_SUBSCRIBES_PER_SECOND: '3',
  });
  const [first, second] = [await openRawWs(s.wsUrl, ALICE), await openRawWs(s.wsUrl, ALICE)];
  first.subscribe('1', SESSION_EVENTS, { sessionId: 'u1' });
  first.subscribe('2', SESSION_EVENTS, { sessionId: 'u2' });
  second.subscribe('3', SESSION_EVENTS, { sessionId: 'u3' });
  second.subscribe('4', SESSION_EVENTS, { sessionId: 'u4' });
  const refused = await second.message(isError('4'));
  expect(refused.payload[0].extensions).toMatchObject({
    code: 'RATE_LIMITED',
    limit: 3,
    per: 'user',
  });
  const bob = await openRawWs(s.wsUrl, BOB);
  bob.subscribe('1', SESSION_EVENTS, { sessionId: 'b1' });
  await listenersReady(s.app, 1, 'b1');
});

it('closes with 4429 a connection that goes on subscribing past RATE_LIMITED, and releases its operations', async () => {
  const s = await startServer({ ...AUTH_ENV, WS_SUBSCRIBES_PER_SECOND: '3' });
  const alice = await openRawWs(s.wsUrl, ALICE);
  for (let i = 0; i < 20; i++) alice.subscribe(String(i), SESSION_EVENTS, { sessionId: `c${i}` });
  const { code, reason } = await alice.closed;
  expect(code).toBe(4429);
  expect(reason).toMatch(/Too many subscribes/);
  // Told before being cut off: the refusals that fit in one window were answered.
  const errors = alice.messages.filter((m) => m.type === 'error');
  expect(errors.length).toBeGreaterThanOrEqual(1);
  for (const error of errors) expect(error.payload[0].extensions.code).toBe('RATE_LIMITED');
  // The three it started are gone with the connection.
  await expect.poll(() => s.app.services.bus.listenerCount(), { timeout: 5000 }).toBe(0);
});

it('an operation completed right after subscribe leaves no listener, even with the limits off', async () => {
  const s = await startServer({
    ...AUTH_ENV,
    WS_SUBSCRIBES_PER_SECOND: '0',
    WS_USER_SUBSCRIBES_PER_SECOND: '0',
  });
  const alice = await openRawWs(s.wsUrl, ALICE);
  for (let i = 0; i < 500; i++) {
    alice.subscribe(String(i), SESSION_EVENTS, { sessionId: 'flood' });
    alice.ws.send(JSON.stringify({ id: String(i), type: 'complete' }));
  }
  alice.ws.send(JSON.stringify({ type: 'ping' }));
  await alice.message((m) => m.type === 'pong');
  await expect.poll(() => s.app.services.bus.listenerCount(), { timeout: 5000 }).toBe(0);
  // An operation completed before its setup went on never ran: no context, resolver or
  // store read for it (on the code before the fix, all 500 ran). Only a pair split
  // across two TCP reads may start before its `complete` is seen.
  expect(await wsSubscriptionsRun(s.url)).toBeLessThan(100);
  // The connection still works.
  alice.subscribe('live', SESSION_EVENTS, { sessionId: 'flood' });
  await listenersReady(s.app, 1, 'flood');
});
