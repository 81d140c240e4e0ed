/**
 * The `openai` agent (docs/architecture.md, "Agents"): any OpenAI-compatible chat-completions
 * endpoint (OpenAI, vLLM, Ollama, llama.cpp server, LM Studio) through the official
 * `openai` package. Each turn streams completions: content deltas become tokens,
 * reasoning deltas reasoning events (source `model`); tool calls run here with the
 * built-in tools (each call after the turn's approval gate: a refused call's result
 * tells the model it was not run) and their results go back to the model, for at most
 * OPENAI_MAX_TOOL_STEPS rounds. Usage is summed over the turn's completions.
 * Nothing of a message, a token or the key is logged here.
 */
import type OpenAI from 'openai';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { OpenAIConfig } from '../../../config.js';
import type { TokenUsage } from '../../../model/documents.js';
import type { Agent, AgentResult, Emit, ToolContext, TurnInput } from '../agent.js';
import { createOpenAIClient, streamCompletion } from './client.js';
import { assistantToolCallMessage, buildMessages } from './context.js';
import { EventIds, prepareCall, requestApprovals, runToolCall, toolDefinitions } from './tools.js';

export class OpenAIAgent implements Agent {
  readonly name = 'openai';
  private readonly client: OpenAI;
  /** With no tool steps allowed, the tools are not offered at all. */
  private readonly tools: ChatCompletionFunctionTool[] | undefined;

  constructor(
    private readonly config: OpenAIConfig,
    client?: OpenAI,
  ) {
    this.client = client ?? createOpenAIClient(config);
    this.tools = config.maxToolSteps > 0 ? toolDefinitions() : undefined;
  }

  async run(
    turn: Pick<TurnInput, 'content'>,
    context: ToolContext,
    emit: Emit,
    signal: AbortSignal,
  ): Promise<AgentResult> {
    const { config } = this;
    const messages = await buildMessages(config, context, turn.content);
    const reply = new ReplyWriter(emit);
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    let usageSent = false;
    const eventIds = new EventIds();

    let phase = 'complete';
    for (let step = 0; ; step++) {
      reply.startParagraph();
      const completion = await streamCompletion(
        this.client,
        { model: config.model, messages, tools: this.tools },
        {
          signal,
          config,
          onContent: (text) => reply.write(text),
          onReasoning: (content) => emit({ type: 'reasoning', source: 'model', content }),
        },
      );
      if (completion.usage) {
        usage.inputTokens += completion.usage.prompt_tokens ?? 0;
        usage.outputTokens += completion.usage.completion_tokens ?? 0;
        // Cumulative for the turn, as UsageEvent promises.
        emit({ type: 'usage', ...usage });
        usageSent = true;
      }
      if (completion.toolCalls.length === 0) break;
      if (step >= config.maxToolSteps) {
        // A model looping on tools would otherwise run (and bill) forever.
        reply.startParagraph();
        reply.write(
          `(Stopped: the model still wanted tools after ${config.maxToolSteps} round(s) of tool calls, the limit set by OPENAI_MAX_TOOL_STEPS; no answer was reached.)`,
        );
        phase = 'tool-step-limit';
        break;
      }
      messages.push(assistantToolCallMessage(completion));
      const calls = completion.toolCalls.map((call) => prepareCall(call, eventIds.next(call.id)));
      // All the step's approvals are asked for first; the calls then run in the model's order.
      const decisions = await requestApprovals(calls, context);
      for (const [index, call] of calls.entries()) {
        const decision = await decisions[index]!;
        messages.push(await runToolCall(call, decision, emit, { context, signal }));
        signal.throwIfAborted();
      }
    }
    // Every turn ends with a UsageEvent, even against a server that reports none.
    if (!usageSent) emit({ type: 'usage', ...usage });
    return { reply: reply.text, usage, phase };
  }
}

/**
 * The reply as streamed tokens. Text from a later completion (after tool calls)
 * starts a new paragraph; the separator is a token too, so the tokens always
 * concatenate to the reply (and a cancelled turn keeps exactly what was shown).
 */
class ReplyWriter {
  text = '';
  private pendingBreak = false;

  constructor(private readonly emit: Emit) {}

  startParagraph(): void {
    this.pendingBreak = this.text !== '';
  }

  write(content: string): void {
    if (this.pendingBreak) {
      this.pendingBreak = false;
      if (!/\s$/.test(this.text)) this.token('\n\n');
    }
    this.token(content);
  }

  private token(content: string): void {
    this.text += content;
    this.emit({ type: 'token', content });
  }
}
