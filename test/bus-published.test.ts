/**
 * EventBus.onPublished is a tap on this instance's publications (the audit trail and
 * metrics hang on it): with Redis fan-out an event reaches every instance's subscribers,
 * but only the publishing instance's tap, once.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../src/model/events.js';
import { type EventBus, LocalBus, type SessionListener } from '../src/runtime/fanout/bus.js';
import { RedisBus } from '../src/runtime/fanout/redis-bus.js';
import { redisUrl } from './support/redis.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const event = (sessionId: string, seq: number): SessionEvent => ({
  type: 'token',
  content: `t${seq}`,
  seq,
  sessionId,
  turnId: 'turn',
  at: new Date(),
});

/** Collects a session's events; `received(n)` resolves once n have arrived. */
function collector() {
  const events: SessionEvent[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const listener: SessionListener = {
    event: (e) => {
      events.push(e);
      for (const w of waiters) if (events.length >= w.n) w.resolve();
    },
    ended: () => {},
    resync: () => {},
  };
  const received = (n: number) =>
    new Promise<void>((resolve) => {
      if (events.length >= n) resolve();
      else waiters.push({ n, resolve });
    });
  return { events, listener, received };
}

async function redisBus(url: string): Promise<EventBus> {
  const options = { lazyConnect: true, enableOfflineQueue: false, autoResubscribe: false };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const bus = new RedisBus(publisher, subscriber, randomUUID());
  cleanups.push(async () => {
    await bus.close();
    publisher.disconnect();
    subscriber.disconnect();
  });
  return bus;
}

describe('EventBus.onPublished', () => {
  it('LocalBus: hears each published event once, after the subscribers; a failing tap stops nothing', async () => {
    const bus = new LocalBus();
    const order: string[] = [];
    await bus.subscribe('s', { ...collector().listener, event: () => order.push('subscriber') });
    bus.onPublished(() => {
      throw new Error('a broken tap');
    });
    const heard: number[] = [];
    const stop = bus.onPublished((e) => {
      order.push('tap');
      heard.push(e.seq);
    });
    bus.publish(event('s', 1));
    bus.publish(event('other', 2)); // a session nobody follows: the tap hears it too
    stop();
    bus.publish(event('s', 3));
    expect({ heard, order }).toEqual({
      heard: [1, 2],
      order: ['subscriber', 'tap', 'tap', 'subscriber'],
    });
  });

  it('RedisBus: the publishing instance hears its events once; the other delivers them, unheard', async () => {
    const url = await redisUrl();
    const [a, b] = [await redisBus(url), await redisBus(url)];
    const sessionId = `tap-${randomUUID()}`;
    const onA = collector();
    const onB = collector();
    await a.subscribe(sessionId, onA.listener);
    await b.subscribe(sessionId, onB.listener);
    const heardA: number[] = [];
    const heardB: number[] = [];
    a.onPublished((e) => heardA.push(e.seq));
    b.onPublished((e) => heardB.push(e.seq));

    a.publish(event(sessionId, 1));
    a.publish(event(sessionId, 2));
    b.publish(event(sessionId, 3));
    await Promise.all([onA.received(3), onB.received(3)]);

    expect(onA.events.map((e) => e.seq).sort()).toEqual([1, 2, 3]);
    expect(onB.events.map((e) => e.seq).sort()).toEqual([1, 2, 3]);
    expect({ heardA, heardB }).toEqual({ heardA: [1, 2], heardB: [3] });
  });
});
