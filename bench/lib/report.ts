/**
 * bench/results.md: the machine, Node and date, one table of every figure (Parley's
 * median, the baseline's, ratio, target, met or not and by how much, the runs), then
 * what each figure means and how it was measured.
 */
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import type { Section } from './figure.js';
import { fmt } from './stats.js';

const RESULTS = new URL('../results.md', import.meta.url);

const COLUMNS = [
  'Figure',
  'Parley (median)',
  'Baseline (median)',
  'Ratio',
  'Target',
  'Met?',
  'Runs',
];

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function machine(): string {
  const cores = cpus();
  const ram = totalmem() / 1024 ** 3;
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${fmt(ram, 1)} GiB RAM, ${type()} ${release()}`;
}

export function writeReport(opts: {
  sections: Section[];
  settings: string;
  seconds: number;
  partial: boolean;
}): string {
  const rows = opts.sections.flatMap((s) =>
    s.figures.map((f) =>
      [f.figure, f.parley, f.baseline, f.ratio, f.target, f.verdict, f.runs].map(cell),
    ),
  );
  const table = [COLUMNS, COLUMNS.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  // The method texts are wrapped for the source; in the report each is one paragraph.
  const paragraph = (text: string) => text.replace(/\s*\n\s*/g, ' ');
  const methods = opts.sections.map((s) => `### ${s.title}\n\n${paragraph(s.method)}`);
  const text = [
    '# Parley benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()}, in ${fmt(opts.seconds / 60, 1)} minutes.`,
    opts.partial ? '**Partial run** (BENCH_ONLY): some figures are missing.\n' : '',
    `- Machine: ${machine()}`,
    `- Node: ${process.version}`,
    `- Settings: ${opts.settings}`,
    '',
    '## Figures',
    '',
    ...table,
    '',
    '## What each figure means and how it is measured',
    '',
    paragraph(GENERAL),
    '',
    ...methods.join('\n\n').split('\n'),
    '',
  ].join('\n');
  writeFileSync(RESULTS, text);
  return text;
}

const GENERAL = `Every server runs in its own process, started by the bench; the load generator
is the bench process itself, on the same machine, so both share its cores. Comparisons
alternate Parley and its baseline (A B A B) for every round after one warm-up run of each;
the table shows the median over the rounds and the ratio of the medians. A run is
**invalid** when anything was missing or wrong (an error, a lost or repeated event, a
gap in seq, a failed request): its figure is not to be trusted. A run is
**generator-bound** when the generator used 90% or more of one core over the run (its
own main thread does all the client work), so the server may not have been the limit.
"Met?" compares the median with the target and says by how much it passes or misses.`;
