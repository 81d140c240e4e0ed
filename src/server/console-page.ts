/**
 * GET /console: the Parley console (console/, bundled by console-bundle.ts), served as
 * GraphiQL is (graphiql-page.ts): a small page, revalidated on every load, that links
 * its script and stylesheet at content-hashed URLs under /console/assets/ (cached for
 * good), each compressed once per coding and kept in memory. Built on first request: a
 * server nobody opens the console on never bundles it.
 *
 * The page runs only its own script and talks only to its own origin (the CSP says so),
 * and the origin policy (origin-policy.ts) guards these routes like every other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { chooseCoding, matches, Resource } from './compressed-resource.js';
import { type ConsoleFiles, loadConsole } from './console-bundle.js';

export const CONSOLE_PATH = '/console';
const ASSETS = `${CONSOLE_PATH}/assets/`;
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

interface Site {
  page: Resource;
  assets: Map<string, Resource>;
}

/** Splits the bundle into the page and its hash-named assets. */
export function siteOf(files: ConsoleFiles): Site {
  const js = new Resource(files.js, 'text/javascript; charset=utf-8', ASSET_CACHE);
  const css = new Resource(files.css, 'text/css; charset=utf-8', ASSET_CACHE);
  const assets = new Map([
    [`${js.hash}.js`, js],
    [`${css.hash}.css`, css],
  ]);
  const html = files.html
    .replace('{{js}}', `${ASSETS}${js.hash}.js`)
    .replace('{{css}}', `${ASSETS}${css.hash}.css`);
  return { page: new Resource(Buffer.from(html), 'text/html; charset=utf-8', PAGE_CACHE), assets };
}

/** Own script and styles only; requests and the WebSocket to this origin only. */
function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface ConsolePage {
  /** Answers /console and /console/... and returns true; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createConsolePage(opts: { logger: Logger; load?: () => Promise<ConsoleFiles> }) {
  const load = opts.load ?? loadConsole;
  let site: Promise<Site> | undefined;
  const built = () => {
    if (!site) {
      site = load().then(siteOf);
      // A failed bundle (a syntax error in console/) is tried again on the next request.
      site.catch(() => (site = undefined));
    }
    return site;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url?.split('?')[0] ?? '';
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-length': '0' }).end();
      return true;
    }
    built()
      .then(({ page, assets }) => {
        const isPage = path === CONSOLE_PATH || path === `${CONSOLE_PATH}/`;
        const resource = isPage ? page : assets.get(path.slice(ASSETS.length));
        if (!resource || (!isPage && !path.startsWith(ASSETS))) return notFound(res);
        return send(req, res, resource, isPage);
      })
      .catch((err: unknown) => {
        opts.logger.error({ err }, 'console: could not build or send the page');
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The console could not be built; the server log says why.\n');
      });
    return true;
  };
  return { handle } satisfies ConsolePage;
}

async function send(req: IncomingMessage, res: ServerResponse, resource: Resource, page: boolean) {
  const header = req.headers['accept-encoding'];
  const coding = chooseCoding(Array.isArray(header) ? header.join(',') : (header ?? null));
  const { body, etag } = await resource.in(coding);
  const headers: Record<string, string> = {
    etag,
    'cache-control': resource.cacheControl,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (page) headers['content-security-policy'] = contentSecurityPolicy(req.headers.host);
  if (matches(req.headers['if-none-match'] ?? null, etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  headers['content-type'] = resource.contentType;
  headers['content-length'] = String(body.length);
  if (coding !== 'identity') headers['content-encoding'] = coding;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res: ServerResponse): void {
  const body = JSON.stringify({
    errors: [{ message: 'no such console file', extensions: { code: 'NOT_FOUND' } }],
  });
  res.writeHead(404, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
