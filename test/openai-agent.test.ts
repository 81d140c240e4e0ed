/**
 * The `openai` agent through the real server, against a local fake speaking the
 * chat-completions streaming wire format: streamed tokens and usage, what goes over the
 * wire, reasoning deltas and conversation context. Tool calls:
 * test/openai-agent-tools.test.ts; failures: test/openai-agent-errors.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chunk, textAnswer, usageChunk } from './support/fake-openai.js';
import {
  ofType,
  SECRET,
  storedSession,
  tokens,
  turn,
  useFakeOpenAI,
} from './support/openai-agent.js';

const { fake, start } = useFakeOpenAI();

describe('openai agent', () => {
  it('streams a plain answer token by token and stores its usage', async () => {
    fake().script({ stream: textAnswer(['Hello', ', ', 'world', '!'], [12, 4]) });
    const server = await start();
    const { sessionId, result, events, kinds } = await turn(server, 'Say hello');

    expect(kinds).toBe(
      'TurnStartedEvent TokenEvent TokenEvent TokenEvent TokenEvent UsageEvent DoneEvent',
    );
    expect(tokens(events)).toEqual(['Hello', ', ', 'world', '!']);
    expect(events.at(-2)).toMatchObject({ inputTokens: 12, outputTokens: 4 });
    expect(events.at(-1)).toMatchObject({
      status: 'COMPLETED',
      reply: 'Hello, world!',
      error: null,
    });
    expect(result).toMatchObject({
      status: 'COMPLETED',
      reply: 'Hello, world!',
      usage: { inputTokens: 12, outputTokens: 4 },
      toolCalls: [],
    });
    const session = await storedSession(server, sessionId);
    expect(session.usage).toEqual({ inputTokens: 12, outputTokens: 4 });
    expect(session.messages.edges.map((e: any) => [e.node.role, e.node.content])).toEqual([
      ['USER', 'Say hello'],
      ['AGENT', 'Hello, world!'],
    ]);

    // What went over the wire.
    expect(fake().requests).toHaveLength(1);
    const [request] = fake().requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(request!.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request!.body).toMatchObject({
      model: 'test-model',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(request!.body.tools.map((t: any) => [t.type, t.function.name])).toEqual([
      ['function', 'calculator'],
      ['function', 'memory_recall'],
      ['function', 'memory_store'],
      ['function', 'current_time'],
    ]);
    expect(request!.body.tools[0].function.parameters).toEqual({
      type: 'object',
      properties: { expression: { type: 'string', description: expect.any(String) } },
      required: ['expression'],
      additionalProperties: false,
    });
  });

  it('turns reasoning deltas into ReasoningEvents with source model', async () => {
    fake().script({
      stream: [
        chunk({ role: 'assistant', content: '' }),
        chunk({ reasoning_content: 'The user greets me. ' }),
        chunk({ reasoning_content: 'Greet back.' }),
        chunk({ reasoning: 'Keep it short.' }),
        chunk({ content: 'Hi!' }),
        chunk({}, 'stop'),
        usageChunk(5, 9),
      ],
    });
    const server = await start();
    const { events, kinds, result } = await turn(server, 'hello');

    expect(kinds).toBe(
      'TurnStartedEvent ReasoningEvent ReasoningEvent ReasoningEvent TokenEvent UsageEvent DoneEvent',
    );
    expect(ofType(events, 'ReasoningEvent').map((e) => [e.source, e.content])).toEqual([
      ['model', 'The user greets me. '],
      ['model', 'Greet back.'],
      ['model', 'Keep it short.'],
    ]);
    expect(result.reply).toBe('Hi!');
  });

  it('sends the system prompt and the latest OPENAI_CONTEXT_MESSAGES earlier messages', async () => {
    const server = await start({ OPENAI_CONTEXT_MESSAGES: '3', OPENAI_SYSTEM_PROMPT: 'Be brief.' });
    const sessionId = randomUUID();
    for (const answer of ['a1', 'a2', 'a3']) fake().script({ stream: textAnswer([answer]) });
    await turn(server, 'u1', sessionId);
    await turn(server, 'u2', sessionId);
    await turn(server, 'u3', sessionId);

    expect(fake().requests[0]!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'u1' },
    ]);
    expect(fake().requests[2]!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'u2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'u3' },
    ]);
  });
});
