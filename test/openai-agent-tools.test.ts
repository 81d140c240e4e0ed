/**
 * Tool calls of the `openai` agent through the real server, against a local fake
 * speaking the chat-completions streaming wire format: arguments arriving in fragments,
 * interleaved calls, unknown tools and bad arguments, the OPENAI_MAX_TOOL_STEPS cap;
 * then the tool-call assembler and the built-in tools on their own.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ToolContext } from '../src/runtime/agents/agent.js';
import { ToolCallAssembler } from '../src/runtime/agents/openai/tool-calls.js';
import { calculatorTool } from '../src/runtime/tools/calculator.js';
import { currentTimeTool } from '../src/runtime/tools/current-time.js';
import type { ToolRun } from '../src/runtime/tools/tool.js';
import { chunk, textAnswer, toolCallAnswer, usageChunk } from './support/fake-openai.js';
import { ofType, storedSession, tokens, turn, useFakeOpenAI } from './support/openai-agent.js';
import { offlineToolContext } from './support/tool-context.js';

const { fake, start } = useFakeOpenAI();

describe('openai agent: tool calls', () => {
  it('runs a calculator call whose arguments arrive in 3 chunks and sends the result back', async () => {
    fake().script(
      {
        stream: toolCallAnswer(
          {
            id: 'call_calc_1',
            name: 'calculator',
            argumentParts: ['{"expre', 'ssion": "2+3', '*4"}'],
          },
          [20, 9],
        ),
      },
      { stream: textAnswer(['2+3*4 ', 'is ', '14.'], [35, 3]) },
    );
    const server = await start();
    const sent = performance.now();
    const { sessionId, result, events, kinds } = await turn(server, 'what is 2+3*4?');
    const turnMs = performance.now() - sent;

    expect(kinds).toMatch(
      /^TurnStartedEvent UsageEvent ToolStartEvent( ToolProgressEvent)+ ToolEndEvent( TokenEvent){3} UsageEvent DoneEvent$/,
    );
    expect(ofType(events, 'ToolStartEvent')).toMatchObject([
      { toolCallId: 'call_calc_1', toolName: 'calculator', toolArgs: { expression: '2+3*4' } },
    ]);
    expect(ofType(events, 'ToolEndEvent')).toMatchObject([
      { toolCallId: 'call_calc_1', isError: false, outputSummary: '14' },
    ]);
    // The call's duration is measured between its two events, which are stamped (`at`,
    // to the millisecond) as they are emitted: the two agree within the clocks' rounding,
    // and the call took less than the whole turn the test measured around it.
    const [toolStart] = ofType(events, 'ToolStartEvent');
    const [toolEnd] = ofType(events, 'ToolEndEvent');
    const durationMs = toolEnd!.durationMs as number;
    const stampedMs = Date.parse(toolEnd!.at as string) - Date.parse(toolStart!.at as string);
    expect(Number.isInteger(durationMs)).toBe(true);
    expect(Math.abs(durationMs - stampedMs)).toBeLessThanOrEqual(3);
    expect(durationMs).toBeLessThanOrEqual(turnMs);
    // Cumulative over the turn's two completions.
    expect(ofType(events, 'UsageEvent').map((e) => [e.inputTokens, e.outputTokens])).toEqual([
      [20, 9],
      [55, 12],
    ]);
    expect(events.at(-1)).toMatchObject({
      status: 'COMPLETED',
      reply: '2+3*4 is 14.',
      toolCalls: [{ toolCallId: 'call_calc_1', toolName: 'calculator' }],
    });
    expect(result.toolCalls).toEqual([
      {
        toolCallId: 'call_calc_1',
        toolName: 'calculator',
        toolArgs: { expression: '2+3*4' },
        outputSummary: '14',
        isError: false,
      },
    ]);

    const session = await storedSession(server, sessionId);
    expect(session.toolCalls.totalCount).toBe(1);
    expect(session.toolCalls.edges[0].node).toMatchObject({
      toolCallId: 'call_calc_1',
      toolName: 'calculator',
      toolArgs: { expression: '2+3*4' },
      outputSummary: '14',
      isError: false,
      turnId: result.id,
      durationMs, // stored as the event said
    });
    expect(session.usage).toEqual({ inputTokens: 55, outputTokens: 12 });

    // The second completion saw the call and its result.
    expect(fake().requests).toHaveLength(2);
    expect(fake().requests[1]!.body.messages).toEqual([
      { role: 'user', content: 'what is 2+3*4?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_calc_1',
            type: 'function',
            function: { name: 'calculator', arguments: '{"expression": "2+3*4"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_calc_1', content: '14' },
    ]);
  });

  it('assembles two interleaved calls (memory_recall + MemoryEvent, current_time without arguments)', async () => {
    const server = await start();
    const sessionId = randomUUID();
    fake().script({ stream: textAnswer(['Nice name!']) });
    await turn(server, 'my cat is called Miso', sessionId);

    fake().script(
      {
        stream: [
          chunk({ role: 'assistant', content: 'Let me check.' }),
          chunk({
            tool_calls: [
              {
                index: 0,
                id: 'call_a',
                type: 'function',
                function: { name: 'memory_recall', arguments: '' },
              },
            ],
          }),
          chunk({
            tool_calls: [
              {
                index: 1,
                id: 'call_b',
                type: 'function',
                function: { name: 'current_time', arguments: '' },
              },
            ],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"query":' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: ' "cat"}' } }] }),
          chunk({}, 'tool_calls'),
          usageChunk(30, 12),
        ],
      },
      { stream: textAnswer(['Your cat ', 'is Miso.'], [60, 4]) },
    );
    const { events, kinds, result } = await turn(
      server,
      'what is my cat called, and what time is it?',
      sessionId,
    );

    expect(kinds).toMatch(
      /^TurnStartedEvent TokenEvent UsageEvent ToolStartEvent ToolProgressEvent MemoryEvent ToolProgressEvent MemoryEvent ToolEndEvent ToolStartEvent ToolProgressEvent ToolEndEvent TokenEvent TokenEvent TokenEvent UsageEvent DoneEvent$/,
    );
    expect(ofType(events, 'ToolStartEvent')).toMatchObject([
      { toolCallId: 'call_a', toolName: 'memory_recall', toolArgs: { query: 'cat' } },
      { toolCallId: 'call_b', toolName: 'current_time', toolArgs: {} },
    ]);
    expect(ofType(events, 'MemoryEvent')).toMatchObject([
      { action: 'RECALL', query: 'cat', count: 0, source: 'memories' },
      { action: 'RECALL', query: 'cat', count: 1, source: 'session-history' },
    ]);
    expect(ofType(events, 'ToolEndEvent')).toMatchObject([
      { toolCallId: 'call_a', isError: false, outputSummary: '0 memory(ies), 1 message(s) found' },
      { toolCallId: 'call_b', isError: false, outputSummary: expect.stringMatching(/\(UTC\)$/) },
    ]);
    // Text of the completion after the tools starts a new paragraph (a token too).
    expect(tokens(events)).toEqual(['Let me check.', '\n\n', 'Your cat ', 'is Miso.']);
    expect(result.reply).toBe('Let me check.\n\nYour cat is Miso.');

    const third = fake().requests[2]!.body.messages;
    expect(third.slice(0, 3)).toEqual([
      { role: 'user', content: 'my cat is called Miso' },
      { role: 'assistant', content: 'Nice name!' },
      { role: 'user', content: 'what is my cat called, and what time is it?' },
    ]);
    expect(third[3]).toMatchObject({
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [
        { id: 'call_a', function: { name: 'memory_recall', arguments: '{"query": "cat"}' } },
        { id: 'call_b', function: { name: 'current_time', arguments: '{}' } },
      ],
    });
    expect(third[4]).toMatchObject({ role: 'tool', tool_call_id: 'call_a' });
    expect(third[4].content).toContain('- my cat is called Miso');
    expect(third[5]).toMatchObject({ role: 'tool', tool_call_id: 'call_b' });
    expect(JSON.parse(third[5].content)).toMatchObject({
      iso: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      timeZone: 'UTC',
    });
  });

  it('answers an unknown tool or unparsable arguments with an error result the model can read', async () => {
    fake().script(
      {
        stream: [
          chunk({
            tool_calls: [
              {
                index: 0,
                id: 'call_x',
                type: 'function',
                function: { name: 'web_search', arguments: '{}' },
              },
            ],
          }),
          chunk({
            tool_calls: [
              {
                index: 1,
                id: 'call_y',
                type: 'function',
                function: { name: 'calculator', arguments: '{"expression": ' },
              },
            ],
          }),
          chunk({}, 'tool_calls'),
        ],
      },
      { stream: textAnswer(['Sorry.'], null) },
    );
    const server = await start();
    const { events, result } = await turn(server, 'search the web');

    expect(ofType(events, 'ToolEndEvent')).toMatchObject([
      { toolCallId: 'call_x', toolName: 'web_search', isError: true },
      {
        toolCallId: 'call_y',
        toolName: 'calculator',
        isError: true,
        outputSummary: 'error: the arguments are not valid JSON',
      },
    ]);
    expect(ofType(events, 'ToolStartEvent')[1]).toMatchObject({ toolArgs: '{"expression": ' });
    expect(result).toMatchObject({ status: 'COMPLETED', reply: 'Sorry.' });
    const toolMessages = fake().requests[1]!.body.messages.filter((m: any) => m.role === 'tool');
    expect(toolMessages.map((m: any) => m.content)).toEqual([
      'error: unknown tool "web_search" (available: calculator, memory_recall, memory_store, current_time)',
      'error: the arguments are not valid JSON',
    ]);
    // No usage reported by the server: the turn still ends with a UsageEvent (zeros).
    expect(events.at(-2)).toMatchObject({
      __typename: 'UsageEvent',
      inputTokens: 0,
      outputTokens: 0,
    });
  });

  it('stops after OPENAI_MAX_TOOL_STEPS rounds of tool calls with a reply that says so', async () => {
    const calc = (id: string) =>
      toolCallAnswer({ id, name: 'calculator', argumentParts: ['{"expression":"1+1"}'] });
    fake().script(
      { stream: calc('call_1') },
      { stream: calc('call_2') },
      { stream: calc('call_3') },
    );
    const server = await start({ OPENAI_MAX_TOOL_STEPS: '2' });
    const { events, result } = await turn(server, 'loop forever');

    expect(fake().requests).toHaveLength(3);
    expect(ofType(events, 'ToolStartEvent').map((e) => e.toolCallId)).toEqual(['call_1', 'call_2']);
    expect(result.status).toBe('COMPLETED');
    expect(result.reply).toMatch(/^\(Stopped: .*after 2 round\(s\).*OPENAI_MAX_TOOL_STEPS/);
    expect(tokens(events).join('')).toBe(result.reply);
  });
});

describe('tool-call assembly', () => {
  it('joins fragments by index, keeps a repeated name once, and fills a missing id', () => {
    const calls = new ToolCallAssembler();
    calls.add([{ index: 1, id: 'b', function: { name: 'current_time', arguments: '' } }]);
    calls.add([{ index: 0, function: { name: 'calculator', arguments: '{"expression"' } }]);
    calls.add([{ index: 0, function: { name: 'calculator', arguments: ':"1+1"}' } }]);
    calls.add([{ index: 1, function: { arguments: '{}' } }]);
    const [first, second] = calls.finish();
    expect(first).toEqual({
      id: expect.stringMatching(/^call_/),
      name: 'calculator',
      arguments: '{"expression":"1+1"}',
    });
    expect(second).toEqual({ id: 'b', name: 'current_time', arguments: '{}' });
  });
});

describe('built-in tools called with model arguments', () => {
  const context: ToolContext = offlineToolContext();
  const toolRun = (): ToolRun & { progressed: string[] } => {
    const progressed: string[] = [];
    return {
      context,
      emit: () => {},
      signal: new AbortController().signal,
      progress: (text) => progressed.push(text),
      stepDelayMs: 0,
      progressed,
    };
  };

  it('current_time answers in the time zone asked for, or says it does not know it', async () => {
    const run = toolRun();
    const tokyo = await currentTimeTool.runUnchecked({ timezone: 'Asia/Tokyo' }, run);
    expect(tokyo.isError).toBe(false);
    expect(JSON.parse(tokyo.output)).toMatchObject({
      timeZone: 'Asia/Tokyo',
      local: expect.stringMatching(/GMT\+9/),
    });
    expect(run.progressed).toEqual(['reading the clock']);
    const mars = await currentTimeTool.runUnchecked({ timezone: 'Mars/Olympus' }, toolRun());
    expect(mars).toMatchObject({
      isError: true,
      output: 'error: unknown time zone "Mars/Olympus"',
    });
  });

  it('rejects arguments that do not match the schema, with a reason the model can use', async () => {
    const run = toolRun();
    const outcome = await calculatorTool.runUnchecked({ expr: '1+1' }, run);
    expect(outcome.isError).toBe(true);
    expect(outcome.output).toMatch(/^error: invalid arguments \(expression: /);
    expect(run.progressed).toEqual(['checking arguments']);
    expect(await calculatorTool.runUnchecked({ expression: '1/0' }, toolRun())).toMatchObject({
      isError: true,
      output: 'error: division by zero',
    });
  });
});
