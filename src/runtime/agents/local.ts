/**
 * The offline, deterministic agent (docs/architecture.md, "Agents"). It runs the whole
 * pipeline with no LLM and exercises every event type, so tests rely on it:
 * - every turn: ReasoningEvent (source `plan`) first, UsageEvent last;
 * - an arithmetic expression: tool `calculator`, result in the reply;
 * - a message starting with `recall`: tool `memory_recall` + a MemoryEvent per source
 *   (the user's memories, then the session's history), matches listed in the reply;
 * - a message starting with `remember `: tool `memory_store` with the rest (after its
 *   approval, by default) + MemoryEvent STORE, `I will remember: <text>`;
 * - anything else: `You said: <content>`;
 * - the reply streams word by word, `tokenDelayMs` apart (0: in bursts of 16).
 * Its tools are the shared built-ins (../tools), the same code a model calls, and
 * every call passes the turn's gate (approvals) as a model's does.
 */
import { randomUUID } from 'node:crypto';
import { calculatorTool, findExpression } from '../tools/calculator.js';
import { invokeGatedTool } from '../tools/gated.js';
import { memoryRecallTool, type Recalled } from '../tools/memory-recall.js';
import { memoryStoreTool } from '../tools/memory-store.js';
import type { Tool, ToolOutcome } from '../tools/tool.js';
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
const REMEMBER_PREFIX = /^remember\s+/i;
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
    const intent = intentOf(content);
    emit({ type: 'reasoning', source: 'plan', content: plan(intent) });

    let reply: string;
    if (intent.kind === 'recall') reply = await this.recall(intent.text, tools, emit, signal);
    else if (intent.kind === 'remember')
      reply = await this.remember(intent.text, tools, emit, signal);
    else if (intent.kind === 'calculate')
      reply = await this.calculate(intent.text, tools, emit, signal);
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

  private async calculate(
    expression: string,
    context: ToolContext,
    emit: Emit,
    signal: AbortSignal,
  ): Promise<string> {
    const outcome = await this.invoke(calculatorTool, { expression }, emit, signal, context);
    if (outcome.refused) return `I did not calculate ${expression}: ${refusal(outcome)}.`;
    return outcome.isError
      ? `I could not calculate ${expression}: ${outcome.summary.slice('error: '.length)}.`
      : `${expression} = ${outcome.summary}`;
  }

  private async remember(
    text: string,
    context: ToolContext,
    emit: Emit,
    signal: AbortSignal,
  ): Promise<string> {
    const outcome = await this.invoke(memoryStoreTool, { content: text }, emit, signal, context);
    if (outcome.refused) return `I did not remember it: ${refusal(outcome)}.`;
    if (outcome.isError)
      return `I could not remember it: ${outcome.summary.slice('error: '.length)}.`;
    return `I will remember: ${text}`;
  }

  private async recall(
    query: string,
    context: ToolContext,
    emit: Emit,
    signal: AbortSignal,
  ): Promise<string> {
    const outcome = await this.invoke(memoryRecallTool, { query }, emit, signal, context);
    if (outcome.refused) return `I did not search my memory: ${refusal(outcome)}.`;
    const none: Recalled = { memories: [], memoryCount: 0, messages: [] };
    const { memories, memoryCount, messages } = outcome.data ?? none;
    const lines: string[] = [];
    if (memories.length > 0) {
      lines.push(`I remember ${memoryCount} thing(s) about "${query}":`);
      lines.push(...memories.slice(0, RECALL_LIST_LIMIT).map((m) => `- ${m.content}`));
    }
    if (messages.length === 0) lines.push(`I found no earlier message mentioning "${query}".`);
    else {
      lines.push(`I found ${messages.length} earlier message(s) mentioning "${query}":`);
      lines.push(...messages.slice(0, RECALL_LIST_LIMIT).map((m) => `- ${m.content}`));
    }
    return lines.join('\n');
  }

  /** The same tool implementations a model calls, with arguments this agent chose. */
  private invoke<A, D>(
    tool: Tool<A, D>,
    args: A,
    emit: Emit,
    signal: AbortSignal,
    context: ToolContext,
  ): Promise<ToolOutcome<D>> {
    const call = { toolCallId: `call_${randomUUID()}`, toolName: tool.name, toolArgs: args };
    return invokeGatedTool(tool as Tool, call, emit, (run) => tool.run(args, run), {
      context,
      signal,
      stepDelayMs: this.tokenDelayMs,
    });
  }
}

type Intent =
  | { kind: 'recall' | 'remember' | 'calculate'; text: string }
  | { kind: 'echo'; text: string };

function intentOf(content: string): Intent {
  if (RECALL_PREFIX.test(content))
    return { kind: 'recall', text: content.replace(RECALL_PREFIX, '').trim() };
  if (REMEMBER_PREFIX.test(content))
    return { kind: 'remember', text: content.replace(REMEMBER_PREFIX, '').trim() };
  const expression = findExpression(content);
  return expression ? { kind: 'calculate', text: expression } : { kind: 'echo', text: content };
}

/** Why a refused call did not run, as the reply says it. */
function refusal(outcome: ToolOutcome<unknown>): string {
  const why = outcome.refused?.decisionReason ? ` (${outcome.refused.decisionReason})` : '';
  return outcome.refused?.status === 'REJECTED'
    ? `the request was rejected${why}`
    : `nobody approved the request in time${why}`;
}

function plan(intent: Intent): string {
  switch (intent.kind) {
    case 'recall':
      return 'The user asks me to recall: search their memories and the session history, then list matches.';
    case 'remember':
      return 'The user asks me to remember something: store it as a memory (it may need approval).';
    case 'calculate':
      return `The message holds arithmetic: evaluate ${intent.text} with the calculator.`;
    case 'echo':
      return 'A plain message: echo it back.';
  }
}
