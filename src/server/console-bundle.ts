/**
 * The console's files (console/: Preact + graphql-ws, TSX and CSS) as the browser gets
 * them: bundled by esbuild into one script and one stylesheet, kept in memory.
 *
 * Two ways to get there, picked by where this module runs from:
 * - from src/ (`npm start`, tests: tsx): bundled from the sources in-process, once, on
 *   first use, so `npm install && npm start` serves the page with no build step;
 * - from dist/ (`npm run start:prod`): read from dist/console/, which `npm run build`
 *   writes (scripts/build-console.ts), so a runtime without console/ serves it too.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface ConsoleFiles {
  /** index.html with `{{js}}` and `{{css}}` where the assets' URLs go. */
  html: string;
  js: Uint8Array;
  css: Uint8Array;
}

/** The sources: the repository's console/ (from src/server/ and dist/server/ alike). */
const SOURCES = new URL('../../console/', import.meta.url);
/** The prebuilt files beside the compiled server: dist/console/ (src/console/ never exists). */
const PREBUILT = new URL('../console/', import.meta.url);
export const PREBUILT_NAMES = { html: 'index.html', js: 'console.js', css: 'console.css' };

/** Bundles console/main.tsx (and the CSS it imports): minified ES2022, no source map. */
export async function bundleConsole(): Promise<ConsoleFiles> {
  // Loaded only when needed: a server started from dist/ never loads esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('main.tsx', SOURCES))],
    tsconfig: fileURLToPath(new URL('tsconfig.json', SOURCES)),
    bundle: true,
    write: false,
    outdir: 'console-out',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = (extension: string) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(extension));
    if (!file) throw new Error(`console bundle: esbuild wrote no ${extension} file`);
    return file.contents;
  };
  const html = await readFile(new URL('index.html', SOURCES), 'utf8');
  return { html, js: output('.js'), css: output('.css') };
}

/** dist/console/'s files, or null when there are none (running from src/). */
async function prebuilt(): Promise<ConsoleFiles | null> {
  const read = (name: string) => readFile(new URL(name, PREBUILT));
  try {
    const [html, js, css] = await Promise.all([
      read(PREBUILT_NAMES.html),
      read(PREBUILT_NAMES.js),
      read(PREBUILT_NAMES.css),
    ]);
    return { html: html.toString('utf8'), js, css };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function loadConsole(): Promise<ConsoleFiles> {
  return (await prebuilt()) ?? bundleConsole();
}
