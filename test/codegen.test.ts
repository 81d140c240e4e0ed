/**
 * GraphQL Code Generator (typescript + typescript-operations) against schema.graphql
 * and the operations in the README's "Example operations" section: the examples stay
 * valid against the schema, and a client's generated types compile under strict TS.
 * typescript-operations 6 emits the enums and inputs it uses itself, so it no longer
 * shares a file with the typescript plugin (both would declare the enums): schema types
 * and operation types go to two files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { Kind, parse } from 'graphql';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parley-codegen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ```graphql blocks between "## Example operations" and the next section. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Example operations$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

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
