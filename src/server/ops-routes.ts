/** Operational endpoints beside GraphQL: /health (the process is up), /ready (it can serve). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../resolvers/context.js';

/** Answers an ops route and returns true, or returns false for anything else. */
export function handleOpsRoute(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
): boolean {
  const path = req.url?.split('?')[0];
  if (path === '/health') {
    json(res, 200, { status: 'ok' });
    return true;
  }
  if (path === '/ready') {
    services.store.ping().then(
      () => json(res, 200, { status: 'ready' }),
      () => json(res, 503, { status: 'not ready', reason: 'database unreachable' }),
    );
    return true;
  }
  return false;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
