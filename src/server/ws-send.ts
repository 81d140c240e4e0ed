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

/**
 * Coalesces a burst of messages to one socket into one write, without delaying a lone
 * message: the first message of a tick goes out at once; when more follow in the same
 * tick, the socket is corked until the tick is done. A burst of events then costs a
 * syscall or two per subscriber, not one per message.
 *
 * One per WebSocket server: its sockets share one tick counter (one nextTick per tick
 * for all of them, not one per socket), which no other server of the process sees.
 */
export function createWriteCoalescing(): (tcp: Socket) => () => void {
  let tick = 0;
  let tickEnding = false;
  /** A number that changes once the current tick's callbacks and promise jobs are done. */
  const currentTick = () => {
    if (!tickEnding) {
      tickEnding = true;
      process.nextTick(() => {
        tickEnding = false;
        tick++;
      });
    }
    return tick;
  };
  return (tcp) => {
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
  };
}
