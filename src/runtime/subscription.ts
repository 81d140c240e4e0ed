/**
 * One subscriber's view of a session's events: optional replay from the event log,
 * then live events, in seq order, never a gap or a duplicate. A bounded buffer
 * sits between the bus and the consumer: a consumer that falls more than
 * `bufferLimit` events behind gets a final `lagged` item instead of letting the
 * server's memory grow, and can resume with afterSeq = its last seq.
 */
import type { Store } from '../store/store.js';
import type { EventBus } from './bus.js';
import type { SessionEvent } from './events.js';

export type SubscriptionItem =
  | { kind: 'event'; event: SessionEvent }
  | { kind: 'lagged'; lastSeq: number; bufferLimit: number };

export interface SubscribeOptions {
  store: Store;
  bus: EventBus;
  sessionId: string;
  /** Absent: live events only. n: every stored event with seq > n first. */
  afterSeq?: number | null;
  bufferLimit: number;
  /** Events read from the log per round trip during replay. */
  replayPageSize?: number;
}

export async function subscribeToSession(
  opts: SubscribeOptions,
): Promise<AsyncIterableIterator<SubscriptionItem>> {
  const { store, bus, sessionId, bufferLimit } = opts;
  const pageSize = opts.replayPageSize ?? 500;
  const live: SessionEvent[] = [];
  let overflowed = false;
  let wake: (() => void) | null = null;
  let closed = false;

  // Subscribe before reading the log, so nothing published meanwhile slips between them.
  const unsubscribe = await bus.subscribe(sessionId, (event) => {
    if (overflowed) return;
    if (live.length >= bufferLimit) overflowed = true;
    else live.push(event);
    wake?.();
  });

  let lastSeq = opts.afterSeq ?? null;

  async function* readLog(fromExclusive: number, toInclusive = Number.POSITIVE_INFINITY) {
    let cursor = fromExclusive;
    while (cursor < toInclusive) {
      const page = await store.readEvents(sessionId, cursor, pageSize);
      for (const event of page) {
        if (event.seq > toInclusive) return;
        cursor = event.seq;
        yield event;
      }
      if (page.length < pageSize) return;
    }
  }

  async function* run(): AsyncGenerator<SubscriptionItem> {
    try {
      if (lastSeq !== null) {
        for await (const event of readLog(lastSeq)) {
          lastSeq = event.seq;
          yield { kind: 'event', event };
        }
      }
      while (!closed) {
        const event = live.shift();
        if (!event) {
          if (overflowed) {
            yield { kind: 'lagged', lastSeq: lastSeq ?? 0, bufferLimit };
            return;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
          continue;
        }
        if (lastSeq !== null && event.seq <= lastSeq) continue; // already replayed
        if (lastSeq !== null && event.seq > lastSeq + 1) {
          // A gap (a message lost between instances): fill it from the log.
          for await (const missed of readLog(lastSeq, event.seq - 1)) {
            lastSeq = missed.seq;
            yield { kind: 'event', event: missed };
          }
        }
        lastSeq = event.seq;
        yield { kind: 'event', event };
      }
    } finally {
      closed = true;
      unsubscribe();
      live.length = 0;
    }
  }

  const iterator = run();
  const originalReturn = iterator.return.bind(iterator);
  // return() must end a consumer parked on an empty buffer, not wait for the next event.
  iterator.return = (value?: unknown) => {
    closed = true;
    wake?.();
    return originalReturn(value as undefined);
  };
  return iterator;
}
