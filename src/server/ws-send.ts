/**
 * How messages go onto one WebSocket: without waiting below a high-water mark, and with
 * a burst to one socket coalesced into one write. ws-flow.ts sends with these, and adds
 * how far the peer has read.
 */
import type { Socket } from 'node:net';

/**
 * Below this many bytes waiting for the kernel, a message is queued and the next one
 * may follow at once; above it, the sender waits until this message is written (and,
 * ws-flow.ts, until the peer has read enough of what the kernel holds).
 * Waiting on every message would cost a round of callbacks per message and subscriber;
 * never waiting would let a slow reader pile up memory here.
 */
export const SEND_HIGH_WATER = 16 * 1024;

/** Sends one message; a promise when the caller should wait before sending more. */
export type Sender = (data: string) => undefined | Promise<void>;

let tick = 0;
let tickEnding = false;
/** A number that changes once the current tick's callbacks and promise jobs are done. */
function currentTick(): number {
  if (!tickEnding) {
    tickEnding = true;
    process.nextTick(() => {
      tickEnding = false;
      tick++;
    });
  }
  return tick;
}

/**
 * Coalesces a burst of messages to one socket into one write, without delaying a lone
 * message: the first message of a tick goes out at once; when more follow in the same
 * tick, the socket is corked until the tick is done. A burst of events then costs a
 * syscall or two per subscriber, not one per message.
 */
export function writeCoalescer(tcp: Socket): () => void {
  let lastTick = -1;
  return () => {
    const now = currentTick();
    if (now !== lastTick) {
      lastTick = now;
      return;
    }
    if (tcp.writableCorked > 0) return;
    tcp.cork();
    process.nextTick(() => tcp.uncork());
  };
}
