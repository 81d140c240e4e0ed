/**
 * graphql-ws's transport-agnostic server (makeServer) on a `ws` WebSocketServer: the
 * same job as graphql-ws/use/ws, whose handlers print to console.error (with a stack)
 * every time a client sends invalid UTF-8, a frame over maxPayload or a bad frame, so
 * anyone could fill the logs, outside pino. Here those go to the logger at debug level,
 * and a close reason a client can make too long (it echoes a subscription id) is cut to
 * what the protocol allows instead of throwing.
 */
import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { type Sender, socketSender } from './ws-send.js';

export interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Sends on this socket as graphql-ws does (subscription results use it directly). */
  readonly send: Sender;
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
    const send = socketSender(socket, request.socket);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send,
        close: (code, reason) => socket.close(code, closeReason(reason)),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            // A socket being closed (4429, 4400...) reads nothing more: what a flooder
            // sent behind the message that closed it costs no work.
            if (socket.readyState !== socket.OPEN) return;
            // Binary frames are read as text too (graphql-ws does the same). Parsed here
            // and not awaited: a subscription's handling lasts as long as it does, and
            // would hold the message's buffer and text all that time (graphql-ws takes
            // the parsed message too, and closes with 4400 if it is not a protocol one).
            let message: unknown;
            try {
              message = JSON.parse(String(data));
            } catch {
              return socket.close(CloseCode.BadRequest, 'Invalid message received');
            }
            handle(message as string).catch((error: unknown) => {
              // graphql-ws throws on a well-formed message a server never takes (e.g.
              // `connection_ack`): that is the client's error, 4400 like any bad message.
              const message = error instanceof Error ? error.message : '';
              if (message.startsWith('Unexpected message of type')) {
                return socket.close(CloseCode.BadRequest, closeReason(message));
              }
              logger.error({ err: error }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request, send },
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
