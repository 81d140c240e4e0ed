/**
 * Idle graphql-ws connections for the idle-heap and subscribe-rate sections: opened
 * and acknowledged first, subscribed on demand. Nothing should arrive on them but
 * pings; anything else (an error, a completed subscription) is kept as a problem.
 */
import WebSocket from 'ws';
import { SESSION_EVENTS } from '../../test/support/operations.js';

export interface Pool {
  sockets: WebSocket[];
  problems: string[];
  /** Sends `perSocket` sessionEvents subscriptions on every socket. */
  subscribe(sessionId: string, perSocket: number): void;
  /** Whether every socket is still open. */
  allOpen(): boolean;
  close(): void;
}

function connect(wsUrl: string, problems: string[]): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (raw: Buffer) => {
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'connection_ack') return resolve(socket);
      if (msg.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }));
      if (problems.length < 3) problems.push(raw.toString().slice(0, 200));
    });
  });
}

/** Opens `count` sockets, `batch` handshakes at a time (all at once would time out). */
export async function openPool(url: string, count: number, batch = 200): Promise<Pool> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
  const problems: string[] = [];
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += batch) {
    const size = Math.min(batch, count - i);
    sockets.push(
      ...(await Promise.all(Array.from({ length: size }, () => connect(wsUrl, problems)))),
    );
  }
  return {
    sockets,
    problems,
    subscribe(sessionId, perSocket) {
      const payload = { query: SESSION_EVENTS, variables: { sessionId } };
      for (const socket of sockets) {
        for (let id = 1; id <= perSocket; id++) {
          socket.send(JSON.stringify({ id: String(id), type: 'subscribe', payload }));
        }
      }
    },
    allOpen: () => sockets.every((s) => s.readyState === WebSocket.OPEN),
    close() {
      for (const socket of sockets) socket.terminate();
    },
  };
}
