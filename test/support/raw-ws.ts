/**
 * A raw `ws` socket speaking graphql-transport-ws, for tests that send what no
 * well-behaved client would (floods, messages past a limit) and read every reply.
 */
import WebSocket from 'ws';

export interface RawWs {
  ws: WebSocket;
  /** Every message the server sent after connection_ack, parsed. */
  messages: any[];
  /** Resolves with the first message (received or to come) that `match` accepts. */
  message(match: (message: any) => boolean): Promise<any>;
  /** The close code and reason, once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
}

/**
 * Opens, sends connection_init (with `Bearer <token>` when given; none in single-user
 * mode) and waits for connection_ack.
 */
export async function openRawWs(wsUrl: string, token?: string): Promise<RawWs> {
  const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const messages: any[] = [];
  const waiting = new Set<{ match: (m: any) => boolean; resolve: (m: any) => void }>();
  const acked = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') return resolve();
      messages.push(message);
      for (const w of waiting) {
        if (w.match(message)) {
          waiting.delete(w);
          w.resolve(message);
        }
      }
    });
    void closed.then(({ code }) => reject(new Error(`closed ${code} before connection_ack`)));
  });
  const payload = token ? { authorization: `Bearer ${token}` } : undefined;
  ws.send(JSON.stringify({ type: 'connection_init', payload }));
  await acked;
  return {
    ws,
    messages,
    closed,
    message(match) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.add({ match, resolve }));
    },
    subscribe(id, query, variables) {
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
  };
}
