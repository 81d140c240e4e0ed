/**
 * The open-then-complete flood (issue 11, case 4) as its own process, so its sending
 * never delays the timing of the requests it is measured against: `sockets` sockets,
 * authenticated with `token`, send `subscribe` (sessionEvents) immediately followed by
 * `complete`, as fast as each socket takes them, for `seconds`. A socket the server
 * closes (4429) is opened again, as a real attacker would. Prints one JSON line with
 * the pairs sent and the closes seen.
 *
 *   node --import tsx bench/lib/ws-flooder.ts <wsUrl> <token> <sessionId> <sockets> <seconds>
 */
import WebSocket from 'ws';

const [wsUrl, token, sessionId, sockets, seconds] = process.argv.slice(2);
const until = performance.now() + Number(seconds) * 1000;
const CHUNK = 250;
const query =
  'subscription($sessionId: ID!) { sessionEvents(sessionId: $sessionId) { __typename ... on TurnEvent { seq } } }';
const payload = { query, variables: { sessionId } };
/** `closed`: sockets the server began to close (4429), each opened again at once. */
const stats = { pairs: 0, closed: 0 };

async function connect(): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl!, 'graphql-transport-ws');
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed ${code} before connection_ack`)));
  });
  return ws;
}

async function floodOne(socketNo: number): Promise<void> {
  let next = 0;
  while (performance.now() < until) {
    const ws = await connect();
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.on('error', () => {});
    while (ws.readyState === ws.OPEN && performance.now() < until) {
      const written = new Promise<void>((resolve) => {
        for (let i = 0; i < CHUNK; i++) {
          const id = `${socketNo}-${next++}`;
          ws.send(JSON.stringify({ id, type: 'subscribe', payload }));
          ws.send(JSON.stringify({ id, type: 'complete' }), () => resolve());
          stats.pairs++;
        }
      });
      await Promise.race([written, closed]);
      // A write to a local socket completes at once, in this very tick: without a turn
      // of the event loop the flooder would never read the server's close frame.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The server's close frame makes the socket CLOSING (the close itself would wait
    // until the server has read all that is queued behind it): open another at once.
    if (ws.readyState !== ws.OPEN) stats.closed++;
    ws.terminate();
  }
}

await Promise.all(Array.from({ length: Number(sockets) }, (_, n) => floodOne(n)));
console.log(JSON.stringify(stats));
