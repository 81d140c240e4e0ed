/**
 * Operational endpoints beside GraphQL: /health (the process is up), /ready (it can
 * serve: the database and, when configured, Redis answer; not while shutting down),
 * /metrics (Prometheus text format, unless METRICS_ENABLED=false), and / (a redirect to
 * GraphiQL, where a newcomer's browser lands first).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../services.js';

/** Answers an ops route and returns true, or returns false for anything else. */
export function handleOpsRoute(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
): boolean {
  const path = req.url?.split('?')[0];
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    // 302, not 301: browsers would cache a permanent one for good.
    res.writeHead(302, { location: '/graphql', 'content-length': '0' }).end();
    return true;
  }
  if (path === '/health') {
    json(res, 200, { status: 'ok' });
    return true;
  }
  if (path === '/ready') {
    ready(services).then(
      ({ status, body }) => json(res, status, body),
      () => json(res, 503, { status: 'not ready' }),
    );
    return true;
  }
  if (path === '/metrics' && services.config.metricsEnabled) {
    services.metrics.render().then(
      (text) => {
        res.writeHead(200, { 'content-type': services.metrics.contentType });
        res.end(text);
      },
      (err) => {
        services.logger.error({ err }, 'metrics: could not render');
        json(res, 500, { error: 'metrics unavailable' });
      },
    );
    return true;
  }
  return false;
}

async function ready(services: Services): Promise<{ status: number; body: unknown }> {
  // A draining instance takes no new work: the load balancer should stop sending it any.
  if (services.runner.draining) {
    return { status: 503, body: { status: 'not ready', reason: 'shutting down' } };
  }
  const { ready, checks } = await services.ping();
  return ready
    ? { status: 200, body: { status: 'ready', checks } }
    : { status: 503, body: { status: 'not ready', checks } };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
