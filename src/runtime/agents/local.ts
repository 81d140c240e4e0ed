/**
 * The offline, deterministic agent (DESIGN.md, "Agents"). It runs the whole
 * pipeline with no LLM and exercises every event type, so tests rely on it:
 * - every turn: ReasoningEvent (source `plan`) first, UsageEvent last;
 * - an arithmetic expression: tool `calculator`, result in the reply;
 * - a message starting with `recall`: tool `memory_recall` + MemoryEvent;
 * - anything else: `You said: <content>`;
 * - the reply streams word by word, `tokenDelayMs` apart.
 */
import { randomUUID } from 'node:crypto';
import {
  type Agent,
  type AgentResult,
  abortableDelay,
  type Emit,
  type ToolContext,
} from '../agent.js';
import { CalculatorError, evaluate, findExpression, formatNumber } from '../tools/calculator.js';

const RECALL_PREFIX = /^recall\b[\s:,-]*/i;
const RECALL_LIST_LIMIT = 5;

export function splitIntoTokens(text: string): string[] {
  // Each word keeps its trailing whitespace, so the tokens concatenate to the text exactly.
  return text.match(/\s*\S+\s*/g) ?? [];
}

/** A rough token count (words), enough for usage accounting offline. */
function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export class LocalAgent implements Agent {
  readonly name = 'local';

  constructor(private readonly tokenDelayMs: number) {}

  async run(
    turn: { content: string },
    tools: ToolContext,
    emit: Emit,
    signal: AbortSignal,
  ): Promise<AgentResult> {
    const content = turn.content.trim();
    const recall = RECALL_PREFIX.test(content);
    const expression = recall ? null : findExpression(content);
    emit({ type: 'reasoning', source: 'plan', content: plan(recall, expression) });

    let reply: string;
    if (recall) reply = await this.recall(content.replace(RECALL_PREFIX, '').trim(), tools, emit);
    else if (expression) reply = await this.calculate(expression, emit, signal);
    else reply = `You said: ${content}`;

    const tokens = splitIntoTokens(reply);
    for (const token of tokens) {
      await abortableDelay(this.tokenDelayMs, signal);
      emit({ type: 'token', content: token });
    }
    const usage = { inputTokens: countWords(content), outputTokens: tokens.length };
    emit({ type: 'usage', ...usage });
    return { reply, usage, phase: 'complete' };
  }

  private async calculate(expression: string, emit: Emit, signal: AbortSignal): Promise<string> {
    const call = { toolCallId: `call_${randomUUID()}`, toolName: 'calculator' };
    const started = performance.now();
    emit({ type: 'toolStart', ...call, toolArgs: { expression } });
    emit({ type: 'toolProgress', ...call, progress: 'parsing expression' });
    await abortableDelay(this.tokenDelayMs, signal);
    emit({ type: 'toolProgress', ...call, progress: 'evaluating' });
    let summary: string;
    let isError = false;
    try {
      summary = formatNumber(evaluate(expression));
    } catch (error) {
      if (!(error instanceof CalculatorError)) throw error;
      summary = `error: ${error.message}`;
      isError = true;
    }
    const durationMs = Math.round(performance.now() - started);
    emit({ type: 'toolEnd', ...call, durationMs, isError, outputSummary: summary });
    return isError
      ? `I could not calculate ${expression}: ${summary.slice('error: '.length)}.`
      : `${expression} = ${summary}`;
  }

  private async recall(query: string, tools: ToolContext, emit: Emit): Promise<string> {
    const call = { toolCallId: `call_${randomUUID()}`, toolName: 'memory_recall' };
    const started = performance.now();
    emit({ type: 'toolStart', ...call, toolArgs: { query } });
    emit({ type: 'toolProgress', ...call, progress: 'searching session history' });
    const found = query ? await tools.recall(query) : [];
    emit({
      type: 'memory',
      action: 'RECALL',
      query,
      count: found.length,
      source: 'session-history',
    });
    const durationMs = Math.round(performance.now() - started);
    const outputSummary = `${found.length} message(s) found`;
    emit({ type: 'toolEnd', ...call, durationMs, isError: false, outputSummary });
    if (found.length === 0) return `I found no earlier message mentioning "${query}".`;
    const listed = found.slice(0, RECALL_LIST_LIMIT).map((m) => `- ${m.content}`);
    return [`I found ${found.length} earlier message(s) mentioning "${query}":`, ...listed].join(
      '\n',
    );
  }
}

function plan(recall: boolean, expression: string | null): string {
  if (recall) return 'The user asks me to recall: search the session history, then list matches.';
  if (expression)
    return `The message holds arithmetic: evaluate ${expression} with the calculator.`;
  return 'A plain message: echo it back.';
}
