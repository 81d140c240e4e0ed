/**
 * The openai package configured for Parley, and one streamed chat completion.
 *
 * Retries: the package retries a request answered 408/409/429/5xx (or not answered)
 * with exponential backoff, honouring Retry-After, up to OPENAI_MAX_RETRIES. It does
 * so only inside `create()`, before it hands back a 2xx response; once the stream is
 * ours, nothing retries (an error mid-stream fails the turn), so a reply is never
 * streamed twice.
 *
 * Timeouts: the package's `timeout` bounds each attempt until the response starts;
 * an idle timer bounds the gap between two chunks, which the package does not.
 */
import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { OpenAIConfig } from '../../../config.js';
import { readableError, StreamIncompleteError, StreamStalledError } from './errors.js';
import { type AssembledToolCall, ToolCallAssembler } from './tool-calls.js';

export function createOpenAIClient(config: OpenAIConfig): OpenAI {
  return new OpenAI({
    baseURL: config.baseUrl,
    // Local servers (Ollama, llama.cpp) need no key, but the package insists on one.
    apiKey: config.apiKey ?? 'no-key',
    // Everything explicit, so the package reads none of its own OPENAI_* variables
    // (src/config.ts is the only reader of the environment).
    organization: null,
    project: null,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    // Its error log quotes unparsable chunks (model output); Parley logs for itself.
    logLevel: 'off',
  });
}

export type CompletionRequest = Pick<
  ChatCompletionCreateParamsBase,
  'model' | 'messages' | 'tools'
>;

export interface StreamOptions {
  signal: AbortSignal;
  config: Pick<OpenAIConfig, 'apiKey' | 'timeoutMs'>;
  onContent(text: string): void;
  onReasoning(text: string): void;
}

export interface Completion {
  content: string;
  toolCalls: AssembledToolCall[];
  usage: CompletionUsage | null;
  finishReason: string;
}

/** Reasoning deltas are not in the OpenAI types: vLLM, DeepSeek and llama.cpp add them. */
type ReasoningDelta = { reasoning_content?: unknown; reasoning?: unknown };

/**
 * Streams one completion, calling back for content and reasoning as they arrive.
 * Rejects with the signal's reason when it aborts (the HTTP request is aborted with
 * it), and with a readable Error on any failure.
 */
export async function streamCompletion(
  client: OpenAI,
  request: CompletionRequest,
  opts: StreamOptions,
): Promise<Completion> {
  const { signal, config } = opts;
  const stall = new AbortController();
  const requestSignal = AbortSignal.any([signal, stall.signal]);
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => stall.abort(new StreamStalledError(config.timeoutMs)),
      config.timeoutMs,
    );
  };
  let content = '';
  let usage: CompletionUsage | null = null;
  let finishReason: string | null = null;
  const toolCalls = new ToolCallAssembler();
  try {
    const created = client.chat.completions.create(
      { ...request, stream: true, stream_options: { include_usage: true } },
      { signal: requestSignal },
    );
    const stream = await untilAborted(created, signal);
    arm();
    for await (const chunk of stream) {
      arm();
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = (choice.delta ?? {}) as ChatCompletionChunk.Choice.Delta & ReasoningDelta;
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning) opts.onReasoning(reasoning);
      if (typeof delta.content === 'string' && delta.content) {
        content += delta.content;
        opts.onContent(delta.content);
      }
      if (delta.tool_calls?.length) toolCalls.add(delta.tool_calls);
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    // On abort the package ends the iteration quietly: say why it ended.
    signal.throwIfAborted();
    if (stall.signal.aborted) throw stall.signal.reason;
    if (finishReason === null) throw new StreamIncompleteError();
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw readableError(err, config);
  } finally {
    clearTimeout(timer);
  }
  return { content, toolCalls: toolCalls.finish(), usage, finishReason };
}

/**
 * The package sleeps between retries without watching the signal; a cancel during
 * the backoff must not wait for it. The abandoned attempt rejects on its own later.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
