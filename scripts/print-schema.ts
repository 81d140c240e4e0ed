/**
 * npm run schema: prints the schema from the code into schema.graphql (and to stdout with
 * --stdout), and the possibleTypes clients need for it into possible-types.json.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSortedSchema } from '../src/schema/index.js';
import { POSSIBLE_TYPES_FILE, printPossibleTypes } from './possible-types.js';

const SCHEMA_FILE = new URL('../schema.graphql', import.meta.url);

const sdl = printSortedSchema();
if (process.argv.includes('--stdout')) process.stdout.write(sdl);
else {
  writeFileSync(SCHEMA_FILE, sdl);
  writeFileSync(POSSIBLE_TYPES_FILE, await printPossibleTypes(fileURLToPath(SCHEMA_FILE)));
}
