/**
 * Which web pages may drive this server, and under which Host names it answers. One
 * policy for every path a browser can take: HTTP (GraphQL, SSE on /graphql and
 * /graphql/stream, the ops routes) and WebSocket upgrades.
 *
 * - Host (DNS rebinding, as Vite's dev server and Jupyter check it): in single-user
 *   mode a request must name a loopback host (localhost, *.localhost, 127.0.0.0/8,
 *   [::1]) or one in ALLOWED_HOSTS. A rebinding page is same-origin with its own name,
 *   so only the Host header gives it away. With authentication there is no such check:
 *   a rebinding page holds no credential.
 * - Origin (cross-site requests, as Go's http.CrossOriginProtection decides it): a
 *   request without Origin is not a browser's cross-origin request and passes; one
 *   from the same origin (Sec-Fetch-Site: same-origin, or Origin's host equal to Host)
 *   passes; one from an origin in CORS_ORIGINS passes and gets CORS headers (the `cors`
 *   package's: the origin echoed with credentials, or `*` without); any other is
 *   refused before it runs, so a "simple" cross-site POST cannot run a mutation either.
 *
 * Refusals are 403 with a GraphQL-style error, code FORBIDDEN, saying what to change.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { VerifyClientCallbackAsync } from 'ws';
import { isLoopback } from '../auth/authenticator.js';
import type { OriginPolicyConfig } from '../config.js';

export interface OriginPolicy {
  /** Why this request must not be served, or null. */
  refusal(headers: IncomingHttpHeaders): string | null;
  /**
   * HTTP: answers a refused request (403) or a CORS preflight (204) and returns true;
   * otherwise sets the CORS headers the response needs and returns false. The
   * liveness and readiness probes pass unchecked.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** ws's verifyClient: a refused upgrade gets the same 403 instead of a WebSocket. */
  verifyUpgrade: VerifyClientCallbackAsync;
}

/** What a cross-origin page may send (graphql-sse also PUTs and DELETEs streams). */
const ALLOW_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
/** Browsers cache a preflight this long (Chromium caps it at 2 h). */
const PREFLIGHT_MAX_AGE_S = '600';
/**
 * Liveness and readiness say nothing a page could use, and orchestrators probe them
 * under the pod's address; every other route, /metrics included, is guarded.
 */
const PROBE_PATHS = new Set(['/health', '/ready']);
/** Header values quoted in a refusal are cut to this length. */
const QUOTE_MAX = 100;

export function createOriginPolicy(config: OriginPolicyConfig): OriginPolicy {
  const anyOrigin = config.corsOrigins.includes('*');
  const listed = new Set(config.corsOrigins);

  const refusal = (headers: IncomingHttpHeaders): string | null => {
    const { host, origin } = headers;
    // No Host at all is HTTP/1.0 or a hand-made request, never a browser's.
    if (config.checkHost && host !== undefined && !hostAllowed(host, config.allowedHosts)) {
      return `Host ${quote(host)} is not served: without authentication Parley answers only loopback names (localhost, 127.0.0.1, [::1]); add other names to ALLOWED_HOSTS`;
    }
    if (origin === undefined || anyOrigin || listed.has(origin)) return null;
    if (headers['sec-fetch-site'] === 'same-origin' || sameHost(origin, host)) return null;
    return `Origin ${quote(origin)} may not call this server; to allow a web page from it, add its exact origin to CORS_ORIGINS`;
  };

  return {
    refusal,
    handle(req, res) {
      if (PROBE_PATHS.has(req.url?.split('?')[0] ?? '')) return false;
      const reason = refusal(req.headers);
      if (reason) {
        const body = forbiddenBody(reason);
        res.writeHead(403, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return true;
      }
      const { origin } = req.headers;
      // Same-origin and non-browser requests need no CORS headers.
      if (origin === undefined || !(anyOrigin || listed.has(origin))) return false;
      if (anyOrigin) {
        // The `cors` package's `*`: any page may read, none with credentials (browsers
        // refuse credentials with `*` anyway, so this is never echoed with them).
        res.setHeader('access-control-allow-origin', '*');
      } else {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
        res.setHeader('vary', 'Origin');
      }
      res.setHeader('access-control-expose-headers', 'x-request-id');
      const preflightMethod = req.headers['access-control-request-method'];
      if (req.method !== 'OPTIONS' || preflightMethod === undefined) return false;
      res.setHeader('access-control-allow-methods', ALLOW_METHODS);
      const requested = req.headers['access-control-request-headers'];
      if (requested) {
        res.setHeader('access-control-allow-headers', requested);
        res.appendHeader('vary', 'Access-Control-Request-Headers');
      }
      res.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_S);
      // Safari waits for a body on a 204 without Content-Length (as the cors package notes).
      res.writeHead(204, { 'content-length': '0' }).end();
      return true;
    },
    verifyUpgrade(info, done) {
      const reason = refusal(info.req.headers);
      if (!reason) return done(true);
      done(false, 403, forbiddenBody(reason), {
        'Content-Type': 'application/json; charset=utf-8',
      });
    },
  };
}

function forbiddenBody(message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] });
}

/** Host's name without port, normalized as a browser would (case, IPv4 forms, IDN). */
function hostnameOf(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const name = hostnameOf(host);
  if (name === null) return false;
  if (isLoopback(name) || name.endsWith('.localhost')) return true;
  // Django's and Vite's notation: `.example.com` is example.com and its subdomains.
  return allowed.some((entry) =>
    entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry,
  );
}

/** Origin `scheme://host[:port]` against Host `host[:port]`, scheme aside (a TLS proxy). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

function quote(value: string): string {
  return JSON.stringify(value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value);
}
