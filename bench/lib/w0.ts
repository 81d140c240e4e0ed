/** What the bench asks of W0: its socket count and a burst or paced run of events. */
import { setTimeout as delay } from 'node:timers/promises';

/** Waits until W0 holds `n` sockets (a previous round's may still be closing). */
export async function waitSockets(url: string, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { sockets } = (await (await fetch(`${url}/count`)).json()) as { sockets: number };
    if (sockets === n) return;
    if (Date.now() > deadline) throw new Error(`W0 has ${sockets} sockets, want ${n}`);
    await delay(50);
  }
}

/**
 * Starts `count` events of about `bytes` each (seq 1 to count, the last a DoneEvent);
 * with `intervalMs`, one every so often (on a fixed schedule), else all at once. Does
 * not wait: the subscribers see when they are done.
 */
export function emit(url: string, opts: { count: number; bytes: number; intervalMs?: number }) {
  const query = new URLSearchParams({
    count: String(opts.count),
    bytes: String(Math.round(opts.bytes)),
    intervalMs: String(opts.intervalMs ?? 0),
  });
  // A failed emit shows up as subscribers that never finish; say why as well.
  fetch(`${url}/emit?${query}`, { method: 'POST' }).catch((err) => console.error('W0 emit:', err));
  return Promise.resolve({ firstSeq: 1, count: opts.count });
}
