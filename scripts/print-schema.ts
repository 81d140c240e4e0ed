/** npm run schema: prints the schema from the code into schema.graphql (and to stdout with --stdout). */
import { writeFileSync } from 'node:fs';
import { printSortedSchema } from '../src/schema/index.js';

const sdl = printSortedSchema();
if (process.argv.includes('--stdout')) process.stdout.write(sdl);
else writeFileSync(new URL('../schema.graphql', import.meta.url), sdl);
