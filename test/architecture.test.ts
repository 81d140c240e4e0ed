/**
 * The shape of src/, kept by the suite (CI runs it): no import cycle (madge), imports
 * only pointing down the layers of docs/architecture.md ("Layers"), and no source file
 * growing past ~200 lines. Reads the files only: nothing is started.
 *
 * Layers, top to bottom: the composition root (main.ts, app.ts, services.ts and its
 * services/ folder, startup-errors.ts) > server/ > schema/ > resolvers/ > runtime/ and
 * audit/ > store/ > model/. Beside them, below server/: auth/, observability/ and the
 * config. lib/ holds generic helpers that know nothing of Parley.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** The folders of src/ that are layers (or beside them), top to bottom; the root's files aside. */
const FOLDERS = [
  'server',
  'schema',
  'resolvers',
  'runtime',
  'audit',
  'store',
  'model',
  'auth',
  'observability',
  'config',
  'lib',
] as const;

type Layer = 'root' | (typeof FOLDERS)[number];

const ROOT_FILES = ['main.ts', 'app.ts', 'services.ts', 'startup-errors.ts'];

/** The layer of a path relative to src/ (`runtime/turns/runner.ts`), or null if none. */
function layerOf(file: string): Layer | null {
  const [first = '', ...rest] = file.split('/');
  if (rest.length === 0) {
    if (ROOT_FILES.includes(first)) return 'root';
    return /^config[\w.-]*\.ts$/.test(first) ? 'config' : null;
  }
  if (first === 'services') return 'root';
  return FOLDERS.find((layer) => layer === first) ?? null;
}

const BESIDE: Layer[] = ['auth', 'observability', 'config'];
const BELOW_RUNTIME: Layer[] = ['runtime', 'store', 'model', 'lib'];

/** What each layer may import (its own layer included). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  root: ['root', ...FOLDERS],
  server: ['server', 'schema', 'resolvers', 'audit', ...BELOW_RUNTIME, ...BESIDE],
  schema: ['schema', 'resolvers', 'audit', ...BELOW_RUNTIME, ...BESIDE],
  resolvers: ['resolvers', 'audit', ...BELOW_RUNTIME, ...BESIDE],
  // The audit trail is a bus listener wired in the composition root: it knows events
  // (model/), not the runtime that publishes them.
  audit: ['audit', 'store', 'model', 'lib'],
  // Audit and metrics listen on the bus, wired in the composition root: runtime sees
  // neither (no observability at all), only its config slice.
  runtime: [...BELOW_RUNTIME, 'config'],
  store: ['store', 'model', 'lib'],
  model: ['model'],
  // Beside the layers, under server/: never the layers that serve requests, nor the root.
  auth: ['auth', 'store', 'model', 'lib'],
  // The event metrics name runtime's outcomes and tools as their labels.
  observability: ['observability', 'runtime', 'config', 'model', 'lib'],
  config: ['config', 'auth', 'model', 'lib'],
  lib: ['lib'],
};

interface Import {
  file: string;
  target: string;
  /** The import statement up to its specifier, e.g. `import type { Services }`. */
  clause: string;
}

const sourceFiles = (): string[] =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.split('\\').join('/'))
    .sort();

// `import ... from '...'`, `export ... from '...'` (each at the start of a line, so a
// comment's prose is not read as one), `import '...'`, and `import('...')` (types too).
const STATIC = /^\s*((?:import|export)\b[^;'"]*?)\s*\bfrom\s*['"]([^'"]+)['"]/gm;
const BARE = /^\s*(import)\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /(import)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The src-relative imports of one file (packages and node: modules left out). */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const found: Import[] = [];
  for (const pattern of [STATIC, BARE, DYNAMIC]) {
    for (const [, clause = '', specifier = ''] of text.matchAll(pattern)) {
      if (!specifier.startsWith('.')) continue;
      const target = relative(SRC, resolve(SRC, dirname(file), specifier))
        .split('\\')
        .join('/')
        .replace(/\.js$/, '.ts');
      found.push({ file, target, clause: clause.replace(/\s+/g, ' ').trim() });
    }
  }
  return found;
}

/**
 * The one upward import allowed: the composition root exports the type of the services
 * it builds, and the layers it hands them to (server/, and resolvers/ through the
 * request context) name that type. Nothing else of the root, and never a value.
 */
const isServicesType = ({ file, target, clause }: Import) =>
  ['server', 'resolvers'].includes(layerOf(file) ?? '') &&
  target === 'services.ts' &&
  /^import type \{ ?Services ?\}$/.test(clause);

/** Why an import breaks the layering, or null when it does not. */
function violation(edge: Import): string | null {
  const from = layerOf(edge.file);
  const to = layerOf(edge.target);
  if (from === null) return `${edge.file} is in no layer (add its folder to this test)`;
  if (to === null) return `${edge.target} is in no layer (add its folder to this test)`;
  if (isServicesType(edge)) return null;
  if (!MAY_IMPORT[from].includes(to)) return `${from} may not import ${to}`;
  return null;
}

describe('architecture of src/', () => {
  it('has no import cycle (madge, type-only imports included)', async () => {
    const graph = await madge(SRC, {
      fileExtensions: ['ts'],
      tsConfig: join(ROOT, 'tsconfig.json'),
    });
    // Proof that madge resolved the NodeNext `.js` specifiers: an empty graph has no cycle.
    expect(graph.warnings().skipped).toEqual([]);
    expect(Object.keys(graph.obj())).toHaveLength(sourceFiles().length);
    expect(graph.obj()['main.ts']).toContain('app.ts');
    const cycles = graph.circular().map((cycle) => cycle.join(' -> '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('imports only point down the layers', () => {
    const edges = sourceFiles().flatMap(importsOf);
    // The parser sees the imports it should (a regex that silently matched nothing would pass).
    expect(edges.length).toBeGreaterThan(sourceFiles().length);
    expect(edges).toContainEqual({
      file: 'main.ts',
      target: 'app.ts',
      clause: expect.stringMatching(/^import\b/),
    });
    const offending = edges.flatMap((edge) => {
      const why = violation(edge);
      return why ? [`src/${edge.file}: ${edge.clause} from '${edge.target}' (${why})`] : [];
    });
    expect(offending, `upward imports:\n${offending.join('\n')}`).toEqual([]);
  });

  it('knows the layering rules it checks', () => {
    const edge = (file: string, target: string, clause = 'import { x }') => ({
      file,
      target,
      clause,
    });
    expect(violation(edge('store/store.ts', 'runtime/turns/runner.ts'))).toMatch(/store may not/);
    expect(violation(edge('runtime/turns/runner.ts', 'audit/recorder.ts'))).toMatch(/runtime/);
    expect(violation(edge('runtime/x.ts', 'observability/metrics.ts'))).toMatch(/runtime may not/);
    expect(violation(edge('runtime/x.ts', 'observability/event-metrics.ts'))).toMatch(
      /runtime may not/,
    );
    expect(violation(edge('runtime/x.ts', 'config/types.ts'))).toBeNull();
    expect(violation(edge('audit/recorder.ts', 'runtime/errors.ts'))).toMatch(/audit may not/);
    expect(violation(edge('auth/jwt.ts', 'runtime/errors.ts'))).toMatch(/auth may not/);
    expect(violation(edge('config/load.ts', 'runtime/errors.ts'))).toMatch(/config may not/);
    expect(violation(edge('auth/viewer.ts', 'resolvers/context.ts'))).toMatch(/auth may not/);
    expect(violation(edge('config.ts', 'server/yoga.ts'))).toMatch(/config may not/);
    expect(violation(edge('model/events.ts', 'lib/keyed-queue.ts'))).toMatch(/model may not/);
    expect(violation(edge('schema/chat.ts', 'server/yoga.ts'))).toMatch(/schema may not/);
    expect(violation(edge('server/yoga.ts', 'services.ts'))).toMatch(/server may not/);
    expect(violation(edge('server/yoga.ts', 'app.ts', 'import type { Services }'))).toMatch(
      /server may not import root/,
    );
    expect(violation(edge('schema/chat.ts', 'services.ts', 'import type { Services }'))).toMatch(
      /schema may not import root/,
    );
    const services = 'import type { Services }';
    expect(violation(edge('resolvers/context.ts', 'services.ts', services))).toBeNull();
    expect(violation(edge('resolvers/context.ts', 'services.ts', 'import { Services }'))).toMatch(
      /resolvers may not import root/,
    );
    expect(violation(edge('resolvers/x.ts', 'services.ts', 'import type { Readiness }'))).toMatch(
      /resolvers may not/,
    );
    expect(violation(edge('widgets/x.ts', 'model/events.ts'))).toMatch(/in no layer/);
  });
});

/**
 * Files over the limit when this check was written, each with its length then: none may
 * grow, and each leaves the list once it is split. TO BE EMPTIED (issue 13: "no source
 * file over ~200 lines").
 */
const OVER_THE_LIMIT: Record<string, number> = {
  'src/runtime/fanout/subscription.ts': 241,
};
const LINE_LIMIT = 200;

describe('size of src/ files', () => {
  it(`no file over ${LINE_LIMIT} lines but the listed ones, and those do not grow`, () => {
    const lengths = Object.fromEntries(
      sourceFiles().map((file) => {
        const text = readFileSync(join(SRC, file), 'utf8');
        return [`src/${file}`, text.split('\n').length - (text.endsWith('\n') ? 1 : 0)];
      }),
    );
    const over = Object.entries(lengths).filter(([, lines]) => lines > LINE_LIMIT);
    if (over.length > 0)
      console.log('files over the limit (to be split):', Object.fromEntries(over));
    const listed = Object.keys(OVER_THE_LIMIT).filter((file) => (lengths[file] ?? 0) > LINE_LIMIT);
    const done = Object.keys(OVER_THE_LIMIT).filter((file) => !listed.includes(file));
    if (done.length > 0) console.log('within the limit now, remove from OVER_THE_LIMIT:', done);
    const unlisted = over.filter(([file]) => !(file in OVER_THE_LIMIT)).map(([file]) => file);
    expect(unlisted, `over ${LINE_LIMIT} lines: split them`).toEqual([]);
    const grown = over.filter(([file, lines]) => lines > (OVER_THE_LIMIT[file] ?? Infinity));
    expect(Object.fromEntries(grown), 'grew since they were listed').toEqual({});
  });
});
