/**
 * What a section hands to the report: rows of the results table, already formatted,
 * and a paragraph on its method. Also how a run's trustworthiness is judged and said.
 */
import { fmt, median } from './stats.js';

export interface Figure {
  figure: string;
  parley: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: string;
  /** Per-round values and whether every run was valid and not generator-bound. */
  runs: string;
}

export interface Section {
  title: string;
  method: string;
  figures: Figure[];
}

export interface Run {
  valid: boolean;
  /** Generator CPU over the run, in cores. */
  genCpu: number;
}

/**
 * At or above this share of one core the generator's single thread, not the server,
 * may have set the pace, and the run says so.
 */
export const GEN_BOUND = 0.9;

export function runFlags(run: Run): string {
  const bound = run.genCpu >= GEN_BOUND ? ', generator-bound' : '';
  return `${run.valid ? 'valid' : 'INVALID'}${bound} (gen CPU ${fmt(run.genCpu * 100)}%)`;
}

/** "3 runs, all valid" or "3 runs: 1 invalid, 2 generator-bound". */
export function runsNote(runs: Run[]): string {
  const invalid = runs.filter((r) => !r.valid).length;
  const bound = runs.filter((r) => r.genCpu >= GEN_BOUND).length;
  const issues = [invalid && `${invalid} INVALID`, bound && `${bound} generator-bound`];
  const said = issues.filter(Boolean).join(', ');
  return `${runs.length} runs${said ? `: ${said}` : ', all valid'}`;
}

/** A higher-is-better target, e.g. atLeast(0.42, 0.6) → "NOT met: 0.18 short (70% of target)". */
export function atLeast(value: number, target: number, digits = 2, unit = ''): string {
  if (!Number.isFinite(value)) return 'no value';
  const share = `${fmt((value / target) * 100)}% of target`;
  const gap = fmt(Math.abs(value - target), digits) + unit;
  return value >= target ? `met: ${gap} above (${share})` : `NOT met: ${gap} short (${share})`;
}

/** A lower-is-better limit, e.g. atMost(14, 10, 1, ' ms') → "NOT met: 4.0 ms over (1.4× the limit)". */
export function atMost(value: number, limit: number, digits = 1, unit = ''): string {
  if (!Number.isFinite(value)) return 'no value';
  const times = `${fmt(value / limit, 2)}× the limit`;
  const gap = fmt(Math.abs(value - limit), digits) + unit;
  return value <= limit ? `met: ${gap} under (${times})` : `NOT met: ${gap} over (${times})`;
}

/** A rate with no baseline or target: its median and the rounds behind it. */
export function rateFigure(figure: string, runs: (Run & { rate: number })[]): Figure {
  const rates = runs.map((r) => r.rate);
  const none = { baseline: '', ratio: '', target: '', verdict: '' };
  return {
    figure,
    parley: fmt(median(rates)),
    ...none,
    runs: `${roundsNote(rates)}; ${runsNote(runs)}`,
  };
}

/** Per-round values joined for the runs column. */
export function roundsNote(values: number[], digits = 0): string {
  return values.map((v) => fmt(v, digits)).join(' / ');
}
