/**
 * possible-types.json (what Apollo Client's InMemoryCache needs to match fragments on
 * SessionEvent and TurnEvent) is what `npm run schema` prints from schema.graphql, and
 * names every member of every union and interface of the code's schema.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAbstractType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { POSSIBLE_TYPES_FILE, printPossibleTypes } from '../scripts/possible-types.js';
import { schema } from '../src/schema/index.js';

const committed = readFileSync(POSSIBLE_TYPES_FILE, 'utf8');

describe('possible-types.json', () => {
  it('matches what the fragment-matcher prints from schema.graphql (run `npm run schema`)', async () => {
    const schemaFile = fileURLToPath(new URL('../schema.graphql', import.meta.url));
    expect(committed).toBe(await printPossibleTypes(schemaFile));
  });

  it("lists every union's and interface's members", () => {
    const expected: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (isAbstractType(type) && !type.name.startsWith('__')) {
        expected[type.name] = schema
          .getPossibleTypes(type)
          .map((t) => t.name)
          .sort();
      }
    }
    expect(JSON.parse(committed).possibleTypes).toEqual(expected);
    expect(expected.SessionEvent).toContain('DoneEvent');
  });
});
