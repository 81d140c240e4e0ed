/**
 * GraphQL Code Generator (typescript + typescript-operations) against schema.graphql
 * and the operations in the README's "Example operations" section: the examples stay
 * valid against the schema, and a client's generated types compile under strict TS.
 * typescript-operations 6 emits the enums and inputs it uses itself, so it no longer
 * shares a file with the typescript plugin (both would declare the enums): schema types
 * and operation types go to two files.
 * And the README's "Typed clients" codegen.ts (client preset), run as written on a client
 * project that holds the example operations: its output and the client compile.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { Kind, parse } from 'graphql';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parley-codegen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ```<lang> blocks between "## <heading>" and the next section of the README. */
function readmeBlocks(heading: string, lang: string): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(new RegExp(`^## ${heading}$`, 'm'))[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(new RegExp(`^\`\`\`${lang}\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map(
    (m) => m[1]!,
  );
}

const readmeExamples = () => readmeBlocks('Example operations', 'graphql');

describe('GraphQL Code Generator on the README examples', () => {
  const examples = readmeExamples();
  const documents = join(dir, 'readme-examples.graphql');
  const schemaTypes = join(dir, 'schema-types.ts');
  const operationTypes = join(dir, 'operations.ts');

  it('finds the README examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it('generates a type for each operation, and the output compiles', async () => {
    writeFileSync(documents, examples.join('\n'));
    const files: { filename: string; content: string }[] = await generate(
      {
        cwd: root,
        schema: join(root, 'schema.graphql'),
        documents,
        silent: true,
        config: {
          // What the scalars are on the wire (ISO-8601 strings and any JSON value).
          strictScalars: true,
          scalars: { DateTime: 'string', JSON: 'unknown' },
        },
        generates: {
          [schemaTypes]: { plugins: ['typescript'] },
          [operationTypes]: { plugins: ['typescript-operations'] },
        },
      },
      false,
    );
    expect(files.map((f) => f.filename).sort()).toEqual([operationTypes, schemaTypes]);
    for (const file of files) writeFileSync(file.filename, file.content);
    const content = files.find((f) => f.filename === operationTypes)!.content;
    expect(files.find((f) => f.filename === schemaTypes)!.content).toMatch(
      /export type SessionEvent = /,
    );

    const suffix = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };
    const operations = examples.flatMap((source) =>
      parse(source).definitions.flatMap((d) =>
        d.kind === Kind.OPERATION_DEFINITION ? [`${d.name!.value}${suffix[d.operation]}`] : [],
      ),
    );
    expect(operations).toEqual(
      expect.arrayContaining(['SendChatMutation', 'SessionEventsSubscription', 'SessionsQuery']),
    );
    for (const name of operations) {
      expect(content).toMatch(new RegExp(`export type ${name} = `));
      expect(content).toMatch(new RegExp(`export type ${name}Variables = `));
    }

    // The generated files type-check under strict settings.
    const program = ts.createProgram([schemaTypes, operationTypes], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});

/** Type errors of `files` under strict settings, with Node's ESM resolution. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe("the README's Typed clients config (client preset)", () => {
  it('generates typed documents for a client, and the client compiles', async () => {
    const blocks = readmeBlocks('Typed clients', 'ts');
    const codegenTs = blocks.find((b) => b.includes('CodegenConfig'));
    const usage = blocks.filter((b) => b !== codegenTs);
    expect(codegenTs).toMatch(/preset: 'client'/);
    expect(usage.join('\n')).toMatch(/export const Durations = graphql\(/);
    // A client project as the README describes it: a copy of schema.graphql, codegen.ts,
    // and operations written with graphql() in src/ (the README's, and its examples).
    const project = mkdtempSync(join(dir, 'client-'));
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    copyFileSync(join(root, 'schema.graphql'), join(project, 'schema.graphql'));
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }');
    writeFileSync(join(project, 'codegen.ts'), codegenTs!);
    mkdirSync(join(project, 'src'));
    const sources = usage.map((block, i) => {
      const path = join(project, 'src', `readme-${i}.ts`);
      writeFileSync(path, block);
      return path;
    });
    const client = join(project, 'src', 'client.ts');
    writeFileSync(
      client,
      [
        "import type { ResultOf } from '@graphql-typed-document-node/core';",
        "import { graphql } from './gql/index.js';",
        "import { Durations } from './readme-0.js';",
        ...readmeExamples().map((op, i) => `export const example${i} = graphql(\`${op}\`);`),
        "type Event = ResultOf<typeof Durations>['sessionEvents'];",
        // The scalars as the config maps them, and durationMs a number on both members.
        'export function durationOf(e: Event): [string, number] | null {',
        "  if (e.__typename === 'DoneEvent') return [e.at, e.durationMs];",
        "  return e.__typename === 'ToolEndEvent' ? [e.toolName, e.durationMs] : null;",
        '}',
      ].join('\n'),
    );

    const config = (await import(join(project, 'codegen.ts'))).default;
    const files: { filename: string; content: string }[] = await generate(
      { ...config, cwd: project, silent: true },
      false,
    );
    for (const file of files) {
      const path = join(project, file.filename.replace(`${project}/`, ''));
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, file.content);
    }
    const generated = files.map((f) => f.filename.replace(`${project}/`, ''));
    expect(generated).toEqual(expect.arrayContaining(['src/gql/graphql.ts', 'src/gql/gql.ts']));
    const types = readFileSync(join(project, 'src/gql/graphql.ts'), 'utf8');
    expect(types).toMatch(/DateTime: \{ input: string; output: string; \}/);
    expect(types).toMatch(/JSON: \{ input: unknown; output: unknown; \}/);
    for (const name of [
      'SendChatMutation',
      'SessionEventsSubscription',
      'SessionsQuery',
      'DurationsSubscription',
    ])
      expect(types).toContain(`export type ${name} = `);

    expect(typeErrors([client, join(project, 'codegen.ts'), ...sources])).toEqual([]);
  });
});
