/**
 * Baseline W0: the raw limit of fan-out with `ws`. Each event is serialised once and the
 * same string is sent to every socket; there is no GraphQL, no per-subscriber work.
 * POST /emit?count=K&bytes=S&intervalMs=I emits K events of about S bytes of JSON
 * (graphql-ws `next` shaped, like Parley's), the last a DoneEvent, and answers once they
 * are all queued. With I > 0 (fractions allowed) event i is due I * (i + 1) ms after the
 * start, so the rate is 1000 / I per second exactly unless W0 cannot keep up.
 */
import { createServer } from 'node:http';
import { setTimeout as sleep, setImmediate as yieldToIo } from 'node:timers/promises';
import { type WebSocket, WebSocketServer } from 'ws';

/** Above this a socket's send buffer is full enough to wait for the kernel to drain it. */
const HIGH_WATER = 1 << 20;

const sockets = new Set<WebSocket>();
let seq = 0;

function message(type: string, content: string): string {
  seq += 1;
  const event = {
    __typename: type,
    seq,
    sessionId: 'w0',
    turnId: 'w0-turn',
    at: new Date().toISOString(),
    content,
  };
  return JSON.stringify({ id: '1', type: 'next', payload: { data: { sessionEvents: event } } });
}

async function emit(count: number, bytes: number, intervalMs: number): Promise<void> {
  // Pad the content so the whole message is about as long as Parley's average one.
  const pad = Math.max(0, bytes - message('TokenEvent', '').length);
  seq -= 1;
  const content = 'x'.repeat(pad);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + intervalMs * (i + 1) - performance.now();
    if (intervalMs > 0 && wait > 0) await sleep(wait);
    const data = message(i === count - 1 ? 'DoneEvent' : 'TokenEvent', content);
    for (const socket of sockets) socket.send(data);
    // Full speed, but let I/O run so buffers drain instead of holding count x N messages.
    let full = false;
    for (const socket of sockets) if (socket.bufferedAmount > HIGH_WATER) full = true;
    if (full || i % 16 === 15) await yieldToIo();
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/health') {
    res.end('ok');
    return;
  }
  if (url.pathname === '/emit' && req.method === 'POST') {
    const count = Number(url.searchParams.get('count') ?? 1);
    const bytes = Number(url.searchParams.get('bytes') ?? 200);
    const intervalMs = Number(url.searchParams.get('intervalMs') ?? 0);
    seq = 0;
    emit(count, bytes, intervalMs).then(
      () => res.end(JSON.stringify({ sockets: sockets.size })),
      (err) => {
        res.statusCode = 500;
        res.end(String(err));
      },
    );
    return;
  }
  if (url.pathname === '/count') {
    res.end(JSON.stringify({ sockets: sockets.size }));
    return;
  }
  res.statusCode = 404;
  res.end();
});

const wss = new WebSocketServer({ server });
wss.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'W0 listening' }));
});
