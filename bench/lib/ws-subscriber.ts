/**
 * One subscriber socket for the fan-out and latency runs: graphql-ws for Parley, bare
 * for W0 (which sends graphql-ws shaped `next` messages unasked). It checks what it
 * receives (errors, seq gaps) and can record each event's publish-to-receive latency.
 */
import WebSocket from 'ws';
import { SESSION_EVENTS } from '../../test/support/operations.js';

export interface Subscriber {
  socket: WebSocket;
  count: number;
  firstSeq: number;
  lastSeq: number;
  /** `at` of the first and last event, in ms since the epoch. */
  firstAt: number;
  lastAt: number;
  bytes: number;
  gaps: number;
  errors: string[];
  done: boolean;
}

export interface SubscriberOptions {
  wsUrl: string;
  graphqlWs: boolean;
  sessionId: string;
  onDone: () => void;
  /** When given, each event's receive time minus its `at` goes here (ms). */
  latencies?: number[];
  /** Wall-clock ms with sub-ms precision (see clock.ts); needed with `latencies`. */
  now?: () => number;
}

/** Opens the socket; `ready` resolves once the subscription has been sent (or, bare, on open). */
export function openSubscriber(opts: SubscriberOptions): { s: Subscriber; ready: Promise<void> } {
  const protocol = opts.graphqlWs ? 'graphql-transport-ws' : undefined;
  // The generator's one thread is the scarce resource (W0 can outrun it): spare it the
  // UTF-8 check of every frame (both servers send ASCII JSON).
  const socket = new WebSocket(opts.wsUrl, protocol, { skipUTF8Validation: true });
  const s: Subscriber = {
    socket,
    count: 0,
    firstSeq: -1,
    lastSeq: -1,
    firstAt: 0,
    lastAt: 0,
    bytes: 0,
    gaps: 0,
    errors: [],
    done: false,
  };
  const { latencies, now } = opts;
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => {
      if (!opts.graphqlWs) return resolve();
      socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    });
    socket.on('message', (raw: Buffer) => {
      const received = now?.();
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'connection_ack') {
        const payload = { query: SESSION_EVENTS, variables: { sessionId: opts.sessionId } };
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
        return resolve();
      }
      if (msg.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }));
      if (msg.type !== 'next') {
        if (!s.done)
          s.errors.push(`${msg.type}: ${JSON.stringify(msg.payload ?? '').slice(0, 200)}`);
        return;
      }
      if (msg.payload.errors) s.errors.push(JSON.stringify(msg.payload.errors).slice(0, 200));
      const event = msg.payload.data?.sessionEvents;
      if (!event) return;
      const at = Date.parse(event.at);
      if (latencies && received !== undefined) latencies.push(received - at);
      s.bytes += raw.length;
      s.count += 1;
      if (s.firstSeq < 0) {
        s.firstSeq = event.seq;
        s.firstAt = at;
      } else if (event.seq !== s.lastSeq + 1) s.gaps += 1;
      s.lastSeq = event.seq;
      s.lastAt = at;
      if (event.__typename === 'DoneEvent') {
        s.done = true;
        opts.onDone();
      }
    });
    socket.on('close', (code) => {
      if (!s.done) s.errors.push(`closed ${code} before DoneEvent`);
    });
  });
  return { s, ready };
}
