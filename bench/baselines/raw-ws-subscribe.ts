/**
 * Baseline S0: the least a WebSocket server does to take subscriptions, with `ws`. It
 * speaks just enough graphql-transport-ws for the bench's clients: `connection_init` is
 * answered with `connection_ack`, a `subscribe` message is parsed and its id and
 * session kept in the socket's map (what any server must remember to send the
 * subscription its events), `complete` forgets it, `pong` is ignored. No GraphQL, no
 * authentication, no limits. GET /count says how many sockets and subscriptions it holds.
 * Started with the bench's memory hook, so the idle-heap section can read its heap too.
 */
import '../lib/memory-hook.js';
import { createServer } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

const subscriptionsOf = new Map<WebSocket, Map<string, string>>();
let subscriptions = 0;

interface Message {
  type?: string;
  id?: string;
  payload?: { variables?: { sessionId?: string } };
}

function onMessage(socket: WebSocket, data: string): void {
  let message: Message;
  try {
    message = JSON.parse(data);
  } catch {
    socket.close(4400, 'Invalid message received');
    return;
  }
  const own = subscriptionsOf.get(socket)!;
  if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
  else if (message.type === 'subscribe' && message.id && !own.has(message.id)) {
    own.set(message.id, String(message.payload?.variables?.sessionId ?? ''));
    subscriptions++;
  } else if (message.type === 'complete' && message.id && own.delete(message.id)) {
    subscriptions--;
  }
}

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  if (req.url === '/count') {
    res.end(JSON.stringify({ sockets: subscriptionsOf.size, subscriptions }));
    return;
  }
  res.statusCode = 404;
  res.end();
});

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  subscriptionsOf.set(socket, new Map());
  socket.on('message', (data) => onMessage(socket, String(data)));
  socket.on('close', () => {
    subscriptions -= subscriptionsOf.get(socket)?.size ?? 0;
    subscriptionsOf.delete(socket);
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'S0 listening' }));
});
