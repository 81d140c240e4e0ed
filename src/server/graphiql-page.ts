/**
 * GraphiQL, served so a reload costs almost nothing. The page from
 * @graphql-yoga/render-graphiql inlines every asset (so it works offline): about 9 MB,
 * which Yoga rendered and sent whole, uncompressed and without validators, on every
 * load. Here it is rendered once, compressed once per coding (on first request, off
 * the event loop, kept in memory), chosen by Accept-Encoding, and sent with a strong
 * ETag and `cache-control: no-cache`: a reload revalidates and gets an empty 304.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

type Coding = 'br' | 'gzip' | 'identity';
/** When the client rates codings equally, the smallest first. */
const PREFERENCE: readonly Coding[] = ['br', 'gzip', 'identity'];

const compress: Record<Exclude<Coding, 'identity'>, (page: Uint8Array) => Promise<Buffer>> = {
  // Level 9 costs about 0.4 s once on this page and saves little over 6; kept for good.
  gzip: (page) => promisify(gzip)(page, { level: 9 }),
  // Quality 9 takes about 1 s (11 takes 15 s, for 8% less): 1.86 MB against gzip's 2.43.
  br: (page) =>
    promisify(brotliCompress)(page, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: page.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
};

interface Representation {
  /** Node's Buffers here are backed by plain ArrayBuffers (never shared memory). */
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export function useGraphiQLPage(opts: { endpoint: string; options: GraphiQLOptions }): Plugin {
  const { endpoint, options } = opts;
  let identity: Representation | undefined;
  const encoded = new Map<Coding, Promise<Representation>>();

  /** Rendered on first use: a server that never shows GraphiQL never holds it. */
  const page = (): Representation => {
    if (!identity) {
      const body = Buffer.from(renderGraphiQL(options)) as Uint8Array<ArrayBuffer>;
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
      identity = { body, etag: `"${hash}"` };
    }
    return identity;
  };

  /** The page in `coding`; a different representation, so a different strong ETag. */
  const representation = (coding: Coding): Promise<Representation> => {
    if (coding === 'identity') return Promise.resolve(page());
    let pending = encoded.get(coding);
    if (!pending) {
      const { body, etag } = page();
      pending = compress[coding](body).then((compressed) => ({
        body: compressed as Uint8Array<ArrayBuffer>,
        etag: `${etag.slice(0, -1)}-${coding}"`,
      }));
      // A failed compression is tried again next time rather than cached.
      pending.catch(() => encoded.delete(coding));
      encoded.set(coding, pending);
    }
    return pending;
  };

  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (!shouldRenderGraphiQL(request)) return;
      if (url.pathname !== endpoint && url.pathname !== `${endpoint}/`) return;
      const coding = chooseCoding(request.headers.get('accept-encoding'));
      return representation(coding).then(({ body, etag }) => {
        const headers: Record<string, string> = {
          etag,
          // Stored, but checked with the server before each use: the page changes with
          // the server's version, and the check costs a 304.
          'cache-control': 'no-cache',
          vary: 'accept-encoding',
        };
        if (matches(request.headers.get('if-none-match'), etag)) {
          return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        }
        headers['content-type'] = 'text/html; charset=utf-8';
        if (coding !== 'identity') headers['content-encoding'] = coding;
        endResponse(new fetchAPI.Response(body, { status: 200, headers }));
      });
    },
  };
}

/**
 * The coding Accept-Encoding rates highest (RFC 9110 §12.5.3: q-values, `*` for the
 * codings not named, q=0 for "not this one"); ties go to the smaller one. Identity is
 * the answer when nothing else is acceptable: a 406 would only leave the page blank.
 * (Hand-written: the three codings and one header need less than a dependency.)
 */
export function chooseCoding(header: string | null): Coding {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',').slice(0, 32)) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  // Identity not named is acceptable, but only as the last resort (as negotiator rates it).
  const weightOf = (coding: Coding) =>
    weights.get(coding) ?? weights.get('*') ?? (coding === 'identity' ? Number.MIN_VALUE : 0);
  let best: Coding = 'identity';
  let bestWeight = 0;
  for (const coding of PREFERENCE) {
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** If-None-Match: `*` or a list of ETags, compared weakly (a proxy may add `W/`). */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
