/**
 * The `calculator` tool: a safe arithmetic evaluator (numbers, + - * / % ^, unary
 * minus and parentheses, by recursive descent; no eval, no identifiers) and the
 * tool definition every agent uses.
 */
import { z } from 'zod';
import { abortableDelay } from '../agents/agent.js';
import { defineTool, errorOutcome } from './tool.js';

/** Finds the first arithmetic expression in free text ("what is 2+3*4?" -> "2+3*4"). */
export function findExpression(text: string): string | null {
  const candidates = text.match(/[\d.()+\-*/%^\s]+/g) ?? [];
  for (const raw of candidates) {
    const candidate = raw.trim();
    if (/\d\s*[-+*/%^]\s*[-(\d.]/.test(candidate)) return candidate;
  }
  return null;
}

export class CalculatorError extends Error {}

export function evaluate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?|\.\d+|[-+*/%^()]|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];

  const primary = (): number => {
    const token = take();
    if (token === '(') {
      const value = sum();
      if (take() !== ')') throw new CalculatorError('missing closing parenthesis');
      return value;
    }
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (token !== undefined && /^(\d|\.\d)/.test(token)) return Number(token);
    throw new CalculatorError(token === undefined ? 'unexpected end' : `unexpected "${token}"`);
  };
  // Right-associative, as in mathematics: 2^3^2 = 2^9.
  const power = (): number => {
    const base = primary();
    if (peek() === '^') {
      take();
      return base ** power();
    }
    return base;
  };
  const product = (): number => {
    let value = power();
    for (let op = peek(); op === '*' || op === '/' || op === '%'; op = peek()) {
      take();
      const rhs = power();
      if ((op === '/' || op === '%') && rhs === 0) throw new CalculatorError('division by zero');
      value = op === '*' ? value * rhs : op === '/' ? value / rhs : value % rhs;
    }
    return value;
  };
  const sum = (): number => {
    let value = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      take();
      value = op === '+' ? value + product() : value - product();
    }
    return value;
  };

  const result = sum();
  if (pos !== tokens.length) throw new CalculatorError(`unexpected "${peek()}"`);
  if (!Number.isFinite(result)) throw new CalculatorError('result is not a finite number');
  return result;
}

/** Formats without float noise (0.1+0.2 -> 0.3). */
export function formatNumber(value: number): string {
  return String(Number.parseFloat(value.toPrecision(12)));
}

/** A bad expression is an error outcome (the model can retry), not a failed turn. */
export const calculatorTool = defineTool({
  name: 'calculator',
  description:
    'Evaluates an arithmetic expression exactly: numbers, + - * / % ^ (power) and parentheses.',
  args: z.object({
    expression: z.string().describe('The expression, e.g. "2+3*4" or "(1.5 + 2) ^ 2"'),
  }),
  async run({ expression }, run) {
    run.progress('parsing expression');
    await abortableDelay(run.stepDelayMs, run.signal);
    run.progress('evaluating');
    try {
      const value = evaluate(expression);
      const text = formatNumber(value);
      return { output: text, summary: text, isError: false, data: value };
    } catch (error) {
      if (!(error instanceof CalculatorError)) throw error;
      return errorOutcome<number>(error.message);
    }
  },
});
