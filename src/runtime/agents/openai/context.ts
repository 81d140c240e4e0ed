/**
 * What a model is sent: the optional system prompt, the session's latest earlier
 * messages (OPENAI_CONTEXT_MESSAGES of them; the model keeps no state between
 * turns) and the turn's user message.
 */
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { OpenAIConfig } from '../../../config.js';
import type { ToolContext } from '../agent.js';
import type { Completion } from './client.js';

export async function buildMessages(
  config: Pick<OpenAIConfig, 'systemPrompt' | 'contextMessages'>,
  context: ToolContext,
  content: string,
): Promise<ChatCompletionMessageParam[]> {
  const messages: ChatCompletionMessageParam[] = [];
  if (config.systemPrompt) messages.push({ role: 'system', content: config.systemPrompt });
  const history = await context.history(config.contextMessages);
  for (const message of history) {
    messages.push(
      message.role === 'USER'
        ? { role: 'user', content: message.content }
        : { role: 'assistant', content: message.content },
    );
  }
  messages.push({ role: 'user', content });
  return messages;
}

/**
 * The assistant turn that asked for tools, as the model must see it again before
 * the results: `tool` messages answer the ids listed here. Reasoning is not sent
 * back (DeepSeek rejects it in the input).
 */
export function assistantToolCallMessage(
  completion: Completion,
): ChatCompletionAssistantMessageParam {
  return {
    role: 'assistant',
    content: completion.content || null,
    tool_calls: completion.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments || '{}' },
    })),
  };
}
