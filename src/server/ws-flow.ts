/**
 * How far a WebSocket peer has read, and what happens when it stops reading.
 *
 * What a peer has not read yet waits in the kernel's buffers (several MiB per socket on
 * loopback) before any of it shows in `bufferedAmount`: a reader that pauses its socket
 * looks like a fast one for megabytes, and the server cannot tell it to stop in time.
 * A WebSocket ping can tell: the peer answers it only after reading everything sent
 * before it. So what was sent after the last answered ping is what the peer has not
 * read yet (or has in flight). Above `maxUnreadBytes` a sender waits until a pong says
 * the peer read on; waiting with no progress for `stallMs` (checked once per period, so
 * within twice that) means it stopped reading: `onStall`. The same pings keep the
 * connection alive: one not answered within `keepAliveMs` (to twice that) is `onStall`
 * when messages went out since the last answer, and `onDead` when none did.
 */
import type { WebSocket } from 'ws';
import { SEND_HIGH_WATER } from './ws-send.js';

export interface FlowLimits {
  /** Bytes of messages the peer may have unread (or in flight) before senders wait. */
  maxUnreadBytes: number;
  /** Senders waiting this long with no sign of reading: the peer stopped reading. */
  stallMs: number;
  /** Ping this often; a ping not answered within as long ends the connection. */
  keepAliveMs: number;
}

/** What a flow tells its connection (ws-adapter.ts), and asks of it. */
export interface FlowHost {
  /** The peer stopped reading: tell it (`sendLast`) and close. Called once. */
  onStall(): void;
  /** The peer answers nothing and was sent nothing since: it is gone. Called once. */
  onDead(): void;
  /** Corks the socket for the rest of a burst (ws-send.ts). */
  coalesce(): void;
}

interface Ping {
  id: string;
  /** What had been sent when it went out: the peer has read that once it answers. */
  bytes: number;
  messages: number;
  at: number;
}

export class SocketFlow {
  /** Bytes and messages sent; bytes counted as string length (about the UTF-8 size). */
  private sentBytes = 0;
  private sentMessages = 0;
  /** How much of that the peer has read, as of its last answered ping. */
  private readBytes = 0;
  private readMessages = 0;
  private ping: Ping | undefined;
  private pings = 0;
  private waiters: (() => void)[] = [];
  /** Senders waiting (for the kernel or for the peer). */
  private waiting = 0;
  /** Waits answered (a pong, the kernel taking a message): the stall timer's measure. */
  private progress = 0;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly keepAlive: NodeJS.Timeout;
  /** Stalled, dead or closed: nothing more is sent or waited for. */
  private over = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly opts: FlowLimits,
    private readonly host: FlowHost,
  ) {
    socket.on('pong', (data) => this.onPong(String(data)));
    this.keepAlive = setInterval(() => this.checkAlive(), opts.keepAliveMs);
  }

  /** Sends a message; a promise when the caller should wait before sending more. */
  send(data: string): undefined | Promise<void> {
    const { socket } = this;
    if (this.over || socket.readyState !== socket.OPEN) return;
    this.host.coalesce();
    this.sentBytes += data.length;
    this.sentMessages++;
    let written: Promise<void> | undefined;
    if (socket.bufferedAmount < SEND_HIGH_WATER) socket.send(data);
    // Resolved with or without an error: a closed socket's senders just move on.
    else written = new Promise((resolve) => socket.send(data, () => resolve()));
    const unread = this.sentBytes - this.readBytes;
    if (!this.ping && unread > this.opts.maxUnreadBytes / 2) this.sendPing();
    if (!written && unread <= this.opts.maxUnreadBytes) return;
    return this.readOn(written);
  }

  /** The stall notice and the like: sent without counting, waiting or checking. */
  sendLast(data: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(data);
  }

  /** The socket closed: timers stop and every waiting sender moves on. */
  dispose(): void {
    this.finish();
  }

  private async readOn(written: Promise<void> | undefined): Promise<void> {
    this.waiting++;
    this.armStallTimer();
    try {
      if (written) {
        await written;
        this.progress++;
      }
      while (!this.over && this.sentBytes - this.readBytes > this.opts.maxUnreadBytes) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    } finally {
      this.waiting--;
    }
  }

  private sendPing(): void {
    // The pong must echo it (RFC 6455, 5.5.3): an unasked-for pong proves nothing.
    const id = String(++this.pings);
    this.ping = { id, bytes: this.sentBytes, messages: this.sentMessages, at: Date.now() };
    this.socket.ping(id);
  }

  private onPong(data: string): void {
    const ping = this.ping;
    if (!ping || data !== ping.id) return;
    this.ping = undefined;
    this.readBytes = ping.bytes;
    this.readMessages = ping.messages;
    this.progress++;
    const unread = this.sentBytes - this.readBytes;
    if (unread > this.opts.maxUnreadBytes / 2) this.sendPing();
    if (unread <= this.opts.maxUnreadBytes) this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** One timer per period, as the subscription's stall timer (runtime/fanout/subscription.ts). */
  private armStallTimer(): void {
    if (this.stallTimer || this.over) return;
    const before = this.progress;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.over || this.waiting === 0) return;
      if (this.progress !== before) this.armStallTimer();
      else this.finish('onStall');
    }, this.opts.stallMs);
  }

  private checkAlive(): void {
    if (this.over || this.socket.readyState !== this.socket.OPEN) return;
    const ping = this.ping;
    if (!ping) {
      this.sendPing();
      return;
    }
    if (Date.now() - ping.at < this.opts.keepAliveMs) return;
    // Not answered: a reader that stopped reading, or a peer that is gone.
    this.finish(this.sentMessages > this.readMessages ? 'onStall' : 'onDead');
  }

  /** Over; then, if given, the host is told why. */
  private finish(then?: 'onStall' | 'onDead'): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.stallTimer);
    clearInterval(this.keepAlive);
    if (then) this.host[then]();
    this.release();
  }
}
