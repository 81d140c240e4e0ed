/**
 * `npm run build`'s second step: the console bundled into dist/console/, where the
 * compiled server (dist/server/console-bundle.js) reads it, so `node dist/main.js`
 * serves /console without the console's sources or esbuild at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { bundleConsole, PREBUILT_NAMES } from '../src/server/console-bundle.js';

const out = new URL('../dist/console/', import.meta.url);
const files = await bundleConsole();
mkdirSync(out, { recursive: true });
writeFileSync(new URL(PREBUILT_NAMES.html, out), files.html);
writeFileSync(new URL(PREBUILT_NAMES.js, out), files.js);
writeFileSync(new URL(PREBUILT_NAMES.css, out), files.css);
console.log(
  `console: ${files.js.length} bytes of script, ${files.css.length} of CSS in dist/console/`,
);
