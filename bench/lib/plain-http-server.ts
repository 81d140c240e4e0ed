/**
 * The node:http server under the bench's plain servers (B0, the Apollo peer): /health
 * for the readiness probe, the request body read whole, and anything the handler
 * throws (a body that is not JSON) answered 400 with a GraphQL-style error.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type PlainHandler = (
  req: IncomingMessage,
  body: string,
  res: ServerResponse,
) => Promise<void>;

export function servePlainHttp(handle: PlainHandler): void {
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.end('ok');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        await handle(req, Buffer.concat(chunks).toString(), res);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: String(err) }] }));
      }
    });
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
}
