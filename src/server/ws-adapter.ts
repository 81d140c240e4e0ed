/**
 * graphql-ws's transport-agnostic server (makeServer) on a `ws` WebSocketServer: the
 * same job as graphql-ws/use/ws, whose handlers print to console.error (with a stack)
 * every time a client sends invalid UTF-8, a frame over maxPayload or a bad frame, so
 * anyone could fill the logs, outside pino. Here those go to the logger at debug level,
 * and a close reason a client can make too long (it echoes a subscription id) is cut to
 * what the protocol allows instead of throwing.
 *
 * Each connection's sends go through a SocketFlow (ws-flow.ts), which also pings it: a
 * peer that stops reading is told so (ws-laggard.ts) and closed with 1013; one that
 * answers nothing and was sent nothing is dropped.
 */
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import type { WrittenPositions } from './fanout/index.js';
import { type FlowHost, type FlowLimits, SocketFlow } from './ws-flow.js';
import { CLOSE_LAGGED, laggardNotice } from './ws-laggard.js';
import { createWriteCoalescing } from './ws-send.js';

/** A connection as graphql-ws's hooks see it (ctx.extra); call its methods on it. */
export interface Extra {
  readonly socket: WebSocket;
  /** Sends on this socket as graphql-ws does (subscription results use it directly). */
  send(data: string): undefined | Promise<void>;
  /** How far each operation's results got (fanout/operation-writer.ts), for a reader that stops. */
  readonly positions: WrittenPositions;
  /**
   * Closes the connection for abuse (4429): its operations end now, not once the close
   * handshake is over (that waits until everything the client queued before it has been
   * read; the message handler ignores it, see below).
   */
  cutOff(code: number, reason: string): void;
}

/** A close reason is at most 123 bytes of UTF-8 (RFC 6455, 5.5); ws throws beyond. */
function closeReason(reason: string | undefined): string | undefined {
  if (reason === undefined || Buffer.byteLength(reason) <= 123) return reason;
  return Buffer.from(reason)
    .subarray(0, 120)
    .toString()
    .replace(/\uFFFD$/, '');
}

type Closed = (code: number, reason: string) => Promise<void>;
type Handle = (data: string) => Promise<void>;

/**
 * One connection: graphql-ws's socket, its Extra and its flow's host in one object, with
 * methods rather than closures. Thousands of idle sockets each hold one, and under tsx
 * (npm start) every named closure made per socket has its name set by esbuild's
 * keepNames, which turns it into a dictionary-mode function of about 300 bytes.
 */
class Connection implements Extra, FlowHost {
  readonly positions: WrittenPositions = new Map();
  readonly protocol: string;
  private readonly flow: SocketFlow;
  private readonly coalescing: () => void;
  /** graphql-ws's close handler (server.opened); it forgets every operation, once. */
  private closed: Closed | undefined;
  private ended = false;

  constructor(
    readonly socket: WebSocket,
    coalescing: () => void,
    limits: FlowLimits,
    private readonly logger: Logger,
  ) {
    this.protocol = socket.protocol;
    this.coalescing = coalescing;
    this.flow = new SocketFlow(socket, limits, this);
  }

  open(opened: (socket: Connection, extra: Extra) => Closed): void {
    this.closed = opened(this, this);
    this.socket.on('close', (code, reason) => {
      this.flow.dispose();
      this.endOperations(code, String(reason));
    });
  }

  send(data: string): undefined | Promise<void> {
    return this.flow.send(data);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, closeReason(reason));
  }

  cutOff(code: number, reason: string): void {
    this.endOperations(code, reason);
    this.socket.close(code, closeReason(reason));
  }

  onMessage(handle: Handle): void {
    this.socket.on('message', (data) => this.receive(handle, String(data)));
  }

  coalesce(): void {
    this.coalescing();
  }

  onDead(): void {
    this.socket.terminate();
  }

  onStall(): void {
    const notice = laggardNotice(this.positions);
    for (const message of notice.messages) this.flow.sendLast(message);
    // Now, not when the close handshake ends (ws waits up to 30 s for a peer that
    // does not read): nothing more is read or kept for these subscriptions.
    this.endOperations(CLOSE_LAGGED, notice.reason);
    this.socket.close(CLOSE_LAGGED, notice.reason);
    this.logger.info({ reason: notice.reason }, 'WebSocket peer stopped reading; closed with 1013');
  }

  private receive(handle: Handle, data: string): void {
    const { socket } = this;
    // A socket being closed (4429, 4400...) reads nothing more: what a flooder sent
    // behind the message that closed it costs no work.
    if (socket.readyState !== socket.OPEN) return;
    // Binary frames are read as text too (graphql-ws does the same). Parsed here and not
    // awaited: a subscription's handling lasts as long as it does, and would hold the
    // message's buffer and text all that time (graphql-ws takes the parsed message too,
    // and closes with 4400 if it is not a protocol one).
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      socket.close(CloseCode.BadRequest, 'Invalid message received');
      return;
    }
    handle(message as string).catch((error: unknown) => {
      // graphql-ws throws on a well-formed message a server never takes (e.g.
      // `connection_ack`): that is the client's error, 4400 like any bad message.
      const text = error instanceof Error ? error.message : '';
      if (text.startsWith('Unexpected message of type')) {
        return socket.close(CloseCode.BadRequest, closeReason(text));
      }
      this.logger.error({ err: error }, 'graphql-ws message handling failed');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
  }

  private endOperations(code: number, reason: string): void {
    if (this.ended || !this.closed) return;
    this.ended = true;
    this.closed(code, reason).catch((error: unknown) =>
      this.logger.error({ err: error }, 'graphql-ws close handling failed'),
    );
  }
}

export function serveGraphQLWs(
  options: ServerOptions<Record<string, unknown> | undefined, Extra>,
  wss: WebSocketServer,
  logger: Logger,
  flowLimits: FlowLimits,
) {
  const server = makeServer({
    ...options,
    onComplete: (ctx, id, payload) => {
      ctx.extra.positions.delete(id);
      return options.onComplete?.(ctx, id, payload);
    },
  });
  const opened = server.opened.bind(server) as (socket: Connection, extra: Extra) => Closed;
  wss.options.handleProtocols = handleProtocols;
  const coalescer = createWriteCoalescing();
  // ws re-emits the HTTP server's errors here; a failed listen is app.start's to report
  // (main.ts: one line, exit 1), not a WebSocket problem.
  wss.on('error', (error: NodeJS.ErrnoException) => {
    if (error.syscall !== 'listen') logger.error({ err: error }, 'WebSocket server error');
  });
  // A client's protocol error (invalid UTF-8 1007, too big 1009, bad frame 1002): ws has
  // already closed the socket with the right code. Nothing of ours went wrong.
  const onClientError = (error: Error) =>
    logger.debug({ err: error.message }, 'WebSocket client error');
  wss.on('connection', (socket, request) => {
    socket.on('error', onClientError);
    // The upgrade request is not kept: only its TCP socket, for corking.
    new Connection(socket, coalescer(request.socket), flowLimits, logger).open(opened);
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
