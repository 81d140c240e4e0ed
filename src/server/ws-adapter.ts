/**
 * graphql-ws's transport-agnostic server (makeServer) on a `ws` WebSocketServer: the
 * same job as graphql-ws/use/ws, whose handlers print to console.error (with a stack)
 * every time a client sends invalid UTF-8, a frame over maxPayload or a bad frame, so
 * anyone could fill the logs, outside pino. Here those go to the logger at debug level,
 * and a close reason a client can make too long (it echoes a subscription id) is cut to
 * what the protocol allows instead of throwing.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { withSharedPayload } from './shared-payload.js';

/**
 * Below this many bytes waiting for the kernel, a message is queued and graphql-ws may
 * send the operation's next one at once; above it, the operation waits until this
 * message is written. Waiting on every message would cost a round of callbacks per
 * message and subscriber; never waiting would let a slow reader pile up memory here.
 */
const SEND_HIGH_WATER = 16 * 1024;

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
function writeCoalescer(tcp: Socket): () => void {
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

export interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/** A close reason is at most 123 bytes of UTF-8 (RFC 6455, 5.5); ws throws beyond. */
function closeReason(reason: string | undefined): string | undefined {
  if (reason === undefined || Buffer.byteLength(reason) <= 123) return reason;
  return Buffer.from(reason)
    .subarray(0, 120)
    .toString()
    .replace(/\uFFFD$/, '');
}

export function serveGraphQLWs(
  options: ServerOptions<Record<string, unknown> | undefined, Extra>,
  wss: WebSocketServer,
  logger: Logger,
  /** Ping every this often; a peer that does not answer within as long is dropped. */
  keepAliveMs = 12_000,
) {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => logger.error({ err: error }, 'WebSocket server error'));
  wss.on('connection', (socket, request) => {
    // A client's protocol error (invalid UTF-8 1007, too big 1009, bad frame 1002): ws
    // has already closed the socket with the right code. Nothing of ours went wrong.
    socket.on('error', (error) => logger.debug({ err: error.message }, 'WebSocket client error'));
    let pongWait: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, keepAliveMs);
    const coalesce = writeCoalescer(request.socket);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          const message = withSharedPayload(data);
          if (socket.readyState !== socket.OPEN) return;
          coalesce();
          if (socket.bufferedAmount < SEND_HIGH_WATER) return void socket.send(message);
          return new Promise<void>((resolve, reject) => {
            socket.send(message, (error) => (error ? reject(error) : resolve()));
          });
        },
        close: (code, reason) => socket.close(code, closeReason(reason)),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              // Binary frames are read as text too (graphql-ws does the same); anything
              // that is not a protocol message then closes the socket with 4400.
              await handle(String(data));
            } catch (error) {
              // graphql-ws throws on a well-formed message a server never takes (e.g.
              // `connection_ack`): that is the client's error, 4400 like any bad message.
              const message = error instanceof Error ? error.message : '';
              if (message.startsWith('Unexpected message of type')) {
                return socket.close(CloseCode.BadRequest, closeReason(message));
              }
              logger.error({ err: error }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(ping);
      closed(code, String(reason)).catch((error: unknown) =>
        logger.error({ err: error }, 'graphql-ws close handling failed'),
      );
    });
  });
  return {
    /** Closes every connection with 1001 Going Away, then the WebSocket server. */
    dispose: async () => {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        wss.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
