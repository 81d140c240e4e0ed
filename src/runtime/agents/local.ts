/**
 * The offline, deterministic agent (docs/architecture.md, "Agents"). It runs the whole
 * pipeline with no LLM and exercises every event type, so tests rely on it:
 * - every turn: ReasoningEvent (source `plan`) first, UsageEvent last;
 * - an arithmetic expression: tool `calculator`, result in the reply;
 * - a message starting with `recall`: tool `memory_recall` + MemoryEvent;
 * - anything else: `You said: <content>`;
 * - the reply streams word by word, `tokenDelayMs` apart (0: in bursts of 16).
 * Its tools are the shared built-ins (../tools), the same code a model calls.
 */
import { randomUUID } from 'node:crypto';
import { calculatorTool, findExpression } from '../tools/calculator.js';
import { memoryRecallTool } from '../tools/memory-recall.js';
import { invokeTool, type Tool, type ToolOutcome } from '../tools/tool.js';
import {
  type Agent,
  type AgentResult,
  abortableDelay,
  type Emit,
  type ToolContext,
} from './agent.js';

/**
 * With no token delay, tokens come in bursts of this many per event-loop turn, as a
 * model's stream delivers several per network read: a long reply neither blocks I/O
 * nor pays a loop turn per token (the bench's raw baseline emits the same way).
 */
const BURST = 16;

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

    const query = recall ? content.replace(RECALL_PREFIX, '').trim() : '';
    let reply: string;
    if (recall) reply = await this.recall(query, tools, emit, signal);
    else if (expression) reply = await this.calculate(expression, emit, signal);
    else reply = `You said: ${content}`;

    const tokens = splitIntoTokens(reply);
    for (const [index, token] of tokens.entries()) {
      if (this.tokenDelayMs > 0 || index % BURST === 0)
        await abortableDelay(this.tokenDelayMs, signal);
      emit({ type: 'token', content: token });
    }
    const usage = { inputTokens: countWords(content), outputTokens: tokens.length };
    emit({ type: 'usage', ...usage });
    return { reply, usage, phase: 'complete' };
  }

  private async calculate(expression: string, emit: Emit, signal: AbortSignal): Promise<string> {
    const outcome = await this.invoke(calculatorTool, { expression }, emit, signal);
    return outcome.isError
      ? `I could not calculate ${expression}: ${outcome.summary.slice('error: '.length)}.`
      : `${expression} = ${outcome.summary}`;
  }

  private async recall(
    query: string,
    context: ToolContext,
    emit: Emit,
    signal: AbortSignal,
  ): Promise<string> {
    const outcome = await this.invoke(memoryRecallTool, { query }, emit, signal, context);
    const found = outcome.data ?? [];
    if (found.length === 0) return `I found no earlier message mentioning "${query}".`;
    const listed = found.slice(0, RECALL_LIST_LIMIT).map((m) => `- ${m.content}`);
    return [`I found ${found.length} earlier message(s) mentioning "${query}":`, ...listed].join(
      '\n',
    );
  }

  /** The same tool implementations a model calls, with arguments this agent chose. */
  private invoke<A, D>(
    tool: Tool<A, D>,
    args: A,
    emit: Emit,
    signal: AbortSignal,
    context: ToolContext = NO_CONTEXT,
  ): Promise<ToolOutcome<D>> {
    const call = { toolCallId: `call_${randomUUID()}`, toolName: tool.name, toolArgs: args };
    return invokeTool(call, emit, (run) => tool.run(args, run), {
      context,
      signal,
      stepDelayMs: this.tokenDelayMs,
    });
  }
}

/** For tools that read nothing from the session (the calculator). */
const NO_CONTEXT: ToolContext = { recall: async () => [], history: async () => [] };

function plan(recall: boolean, expression: string | null): string {
  if (recall) return 'The user asks me to recall: search the session history, then list matches.';
  if (expression)
    return `The message holds arithmetic: evaluate ${expression} with the calculator.`;
  return 'A plain message: echo it back.';
}
