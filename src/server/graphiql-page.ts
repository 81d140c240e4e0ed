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
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';
import { chooseCoding, matches, Resource } from './compressed-resource.js';

/** The page: revalidated on every load (cheap: it is small), as it names the assets. */
const PAGE_CACHE = 'no-cache';
/** An asset's URL changes with its content, so a browser may keep it for good. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

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
