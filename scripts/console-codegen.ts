/**
 * The console's typed operations (console/operations.ts) generated from schema.graphql
 * into console/gql/ with GraphQL Code Generator's client preset, committed.
 * `npm run console:codegen` writes them; test/console-codegen.test.ts fails when the
 * committed files are not what this prints (schema or operations changed without it),
 * and `npm run typecheck` (console/tsconfig.json) fails when an operation no longer fits.
 */
import { writeFileSync } from 'node:fs';
import { type CodegenConfig, generate } from '@graphql-codegen/cli';

const root = new URL('..', import.meta.url).pathname;

export const CONSOLE_GQL_DIR = 'console/gql/';

export const consoleCodegenConfig: CodegenConfig = {
  cwd: root,
  schema: 'schema.graphql',
  documents: ['console/operations.ts'],
  silent: true,
  // `.js` in the generated imports: esbuild and tsc (NodeNext-style) resolve them to .ts.
  emitLegacyCommonJSImports: false,
  generates: {
    [CONSOLE_GQL_DIR]: {
      preset: 'client',
      // No fragments are passed between components: the page needs no masking helpers.
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as plain strings: the page sends them over fetch and graphql-ws as
        // they are, so the bundle needs no graphql-js at all.
        documentMode: 'string',
        strictScalars: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        useTypeImports: true,
        // Enums as string unions: nothing to import to compare a status with 'RUNNING'.
        enumsAsTypes: true,
        // Only the types the operations use: a schema change elsewhere leaves them as they are.
        onlyOperationTypes: true,
      },
    },
  },
};

/** The files codegen prints now, by path relative to the repository's root. */
export async function printConsoleTypes(): Promise<Map<string, string>> {
  const files: { filename: string; content: string }[] = await generate(
    consoleCodegenConfig,
    false,
  );
  return new Map(files.map((f) => [f.filename.replace(root, ''), f.content]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [path, content] of await printConsoleTypes()) {
    writeFileSync(new URL(`../${path}`, import.meta.url), content);
    console.log(`wrote ${path}`);
  }
}
