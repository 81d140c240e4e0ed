/**
 * possible-types.json: which object types each union and interface of schema.graphql may
 * be, as GraphQL Code Generator's fragment-matcher plugin prints it, for Apollo Client's
 * `InMemoryCache({ possibleTypes })` (and any client that matches fragments on abstract
 * types). Printed by `npm run schema`; test/possible-types.test.ts fails when it drifts.
 */
import { generate } from '@graphql-codegen/cli';

export const POSSIBLE_TYPES_FILE = new URL('../possible-types.json', import.meta.url);

/** The file's content for the schema in `schemaFile` (an SDL file path). */
export async function printPossibleTypes(schemaFile: string): Promise<string> {
  const files: { content: string }[] = await generate(
    {
      schema: schemaFile,
      silent: true,
      generates: {
        // The extension makes the plugin print JSON; `deterministic` sorts the names.
        'possible-types.json': { plugins: ['fragment-matcher'], config: { deterministic: true } },
      },
    },
    false,
  );
  return `${files[0]!.content}\n`;
}
