/**
 * GraphiQL, served so a reload costs almost nothing. The page from
 * @graphql-yoga/render-graphiql inlines every asset (so it works offline): about 9 MB,
 * which Yoga rendered and sent whole, uncompressed and without validators, on every
 * load. A browser could not even keep it: GraphiQL POSTs to /graphql, the page's own
 * URL, and an HTTP cache drops what it holds for a URL an unsafe request went to
 * (RFC 9111 §4.4; Chromium does).
 *
 * So the rendered page is split once: its icon, stylesheet and script become assets
 * at content-hashed URLs (`/graphql/graphiql/<hash>.js`, cached for a year, immutable),
 * and /graphql answers a page of about 1 KB that links them (`no-cache`, revalidated).
 * Each response is compressed once per coding (gzip, brotli; node:zlib, off the event
 * loop, kept in memory), chosen by Accept-Encoding, with a strong ETag per coding.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

type Coding = 'br' | 'gzip' | 'identity';
/** When the client rates codings equally, the smallest first. */
const PREFERENCE: readonly Coding[] = ['br', 'gzip', 'identity'];

const compress: Record<Exclude<Coding, 'identity'>, (body: Uint8Array) => Promise<Buffer>> = {
  // Level 9 costs about 0.4 s once on the script and saves little over 6; kept for good.
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
  // Quality 9 takes about 1 s (11 takes 15 s, for 8% less): 1.86 MB against gzip's 2.43.
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
};

/** The page: revalidated on every load (cheap: it is small), as it names the assets. */
const PAGE_CACHE = 'no-cache';
/** An asset's URL changes with its content, so a browser may keep it for good. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

interface Representation {
  /** Node's Buffers here are backed by plain ArrayBuffers (never shared memory). */
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** One response body, in every coding asked for so far. */
class Resource {
  readonly identity: Representation;
  private readonly encoded = new Map<Coding, Promise<Representation>>();

  constructor(
    body: Uint8Array,
    readonly contentType: string,
    readonly cacheControl: string,
  ) {
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    this.identity = { body: body as Uint8Array<ArrayBuffer>, etag: `"${hash}"` };
  }

  get hash(): string {
    return this.identity.etag.slice(1, -1);
  }

  /** The body in `coding`: another representation, so another strong ETag. */
  in(coding: Coding): Promise<Representation> {
    if (coding === 'identity') return Promise.resolve(this.identity);
    let pending = this.encoded.get(coding);
    if (!pending) {
      const { body, etag } = this.identity;
      pending = compress[coding](body).then((compressed) => ({
        body: compressed as Uint8Array<ArrayBuffer>,
        etag: `${etag.slice(0, -1)}-${coding}"`,
      }));
      // A failed compression is tried again next time rather than cached.
      pending.catch(() => this.encoded.delete(coding));
      this.encoded.set(coding, pending);
    }
    return pending;
  }
}

interface Site {
  page: Resource;
  /** By file name under `${endpoint}/graphiql/`. */
  assets: Map<string, Resource>;
}

export function useGraphiQLPage(opts: { endpoint: string; options: GraphiQLOptions }): Plugin {
  const { endpoint, options } = opts;
  const assetBase = `${endpoint}/graphiql/`;
  let site: Site | undefined;
  /** Rendered on first use: a server that never shows GraphiQL never holds it. */
  const built = () => {
    site ??= splitPage(renderGraphiQL(options), assetBase);
    return site;
  };

  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      let resource: Resource | undefined;
      const { pathname } = url;
      if (pathname.startsWith(assetBase) && request.method === 'GET') {
        resource = built().assets.get(pathname.slice(assetBase.length));
        if (!resource) {
          const error = { message: 'no such GraphiQL asset', extensions: { code: 'NOT_FOUND' } };
          return endResponse(fetchAPI.Response.json({ errors: [error] }, { status: 404 }));
        }
      } else if (
        shouldRenderGraphiQL(request) &&
        (pathname === endpoint || pathname === `${endpoint}/`)
      ) {
        resource = built().page;
      } else {
        return;
      }
      const { contentType, cacheControl } = resource;
      const coding = chooseCoding(request.headers.get('accept-encoding'));
      return resource.in(coding).then(({ body, etag }) => {
        const headers: Record<string, string> = {
          etag,
          'cache-control': cacheControl,
          vary: 'accept-encoding',
        };
        if (matches(request.headers.get('if-none-match'), etag)) {
          return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        }
        headers['content-type'] = contentType;
        if (coding !== 'identity') headers['content-encoding'] = coding;
        endResponse(new fetchAPI.Response(body, { status: 200, headers }));
      });
    },
  };
}

/**
 * Moves the rendered page's inline icon, stylesheet and script to assets, unchanged,
 * and links them in their place: the same document, loaded in the same order (the
 * script stays a classic one at the end of the body, after #root).
 */
export function splitPage(html: string, assetBase: string): Site {
  const assets = new Map<string, Resource>();
  const asset = (body: Uint8Array, extension: string, contentType: string) => {
    const resource = new Resource(body, contentType, ASSET_CACHE);
    const name = `${resource.hash}.${extension}`;
    assets.set(name, resource);
    return `${assetBase}${name}`;
  };
  const icon = /<link rel="icon" href="data:(image\/[\w.+-]+);base64,([^"]*)" \/>/.exec(html);
  const styleStart = html.indexOf('<style>');
  const styleEnd = html.indexOf('</style>', styleStart);
  const scriptStart = html.indexOf('<script>', styleEnd);
  const scriptEnd = html.lastIndexOf('</script>');
  if (!icon || styleStart < 0 || styleEnd < 0 || scriptStart < 0 || scriptEnd < scriptStart) {
    // A new @graphql-yoga/render-graphiql laid the page out differently: test/graphiql-delivery says so.
    throw new Error('GraphiQL page: no inline icon, style and script where expected');
  }
  const utf8 = (text: string) => Buffer.from(text);
  const iconHref = asset(Buffer.from(icon[2]!, 'base64'), 'ico', icon[1]!);
  const cssHref = asset(
    utf8(html.slice(styleStart + '<style>'.length, styleEnd)),
    'css',
    'text/css; charset=utf-8',
  );
  const jsHref = asset(
    utf8(html.slice(scriptStart + '<script>'.length, scriptEnd)),
    'js',
    'text/javascript; charset=utf-8',
  );
  const shell =
    html.slice(0, icon.index) +
    `<link rel="icon" href="${iconHref}" />` +
    html.slice(icon.index + icon[0].length, styleStart) +
    `<link rel="stylesheet" href="${cssHref}" />` +
    html.slice(styleEnd + '</style>'.length, scriptStart) +
    `<script src="${jsHref}"></script>` +
    html.slice(scriptEnd + '</script>'.length);
  return { page: new Resource(utf8(shell), 'text/html; charset=utf-8', PAGE_CACHE), assets };
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
