/** The local agent's behaviour, which other tests and users rely on (DESIGN.md, "Agents"). */
import { describe, expect, it } from 'vitest';
import type { MessageDoc } from '../src/model/documents.js';
import type { AgentEventBody } from '../src/model/events.js';
import type { ToolContext } from '../src/runtime/agents/agent.js';
import { LocalAgent, splitIntoTokens } from '../src/runtime/agents/local.js';
import { TurnCancelledError } from '../src/runtime/errors.js';
import { evaluate, findExpression } from '../src/runtime/tools/calculator.js';
import { offlineToolContext } from './support/tool-context.js';

const noRecall: ToolContext = offlineToolContext();

async function run(content: string, tools: ToolContext = noRecall, delayMs = 0) {
  const events: AgentEventBody[] = [];
  const result = await new LocalAgent(delayMs).run(
    { content },
    tools,
    (e) => events.push(e),
    new AbortController().signal,
  );
  return { events, result, types: events.map((e) => e.type) };
}

describe('local agent', () => {
  it('answers arithmetic with the calculator tool and puts the result in the reply', async () => {
    const { events, result, types } = await run('what is 2+3*4?');
    expect(types.join(' ')).toMatch(
      /^reasoning toolStart( toolProgress)+ toolEnd( token){2,} usage$/,
    );
    expect(events[0]).toMatchObject({ type: 'reasoning', source: 'plan' });
    expect(events[1]).toMatchObject({
      type: 'toolStart',
      toolName: 'calculator',
      toolArgs: { expression: '2+3*4' },
    });
    expect(events.find((e) => e.type === 'toolEnd')).toMatchObject({
      isError: false,
      outputSummary: '14',
    });
    expect(result.reply).toContain('14');
    const tokens = events.flatMap((e) => (e.type === 'token' ? [e.content] : []));
    expect(tokens.join('')).toBe(result.reply);
    expect(events.at(-1)).toMatchObject({ type: 'usage', outputTokens: tokens.length });
  });

  it('reports a calculator error as a failed tool call, not a failed turn', async () => {
    const { events, result } = await run('what is 1/0?');
    expect(events.find((e) => e.type === 'toolEnd')).toMatchObject({
      isError: true,
      outputSummary: 'error: division by zero',
    });
    expect(result.reply).toMatch(/could not calculate 1\/0/);
  });

  it('recalls earlier messages with memory_recall and a MemoryEvent', async () => {
    const earlier = [{ content: 'my cat is Miso' }, { content: 'the cat sleeps' }] as MessageDoc[];
    const queries: string[] = [];
    const tools = offlineToolContext({
      recall: async (q) => {
        queries.push(q);
        return earlier;
      },
    });
    const { events, result, types } = await run('recall cat', tools);
    expect(queries).toEqual(['cat']);
    expect(types.slice(0, 3)).toEqual(['reasoning', 'toolStart', 'toolProgress']);
    expect(events[1]).toMatchObject({ toolName: 'memory_recall', toolArgs: { query: 'cat' } });
    expect(events.filter((e) => e.type === 'memory')).toEqual([
      { type: 'memory', action: 'RECALL', query: 'cat', count: 0, source: 'memories' },
      { type: 'memory', action: 'RECALL', query: 'cat', count: 2, source: 'session-history' },
    ]);
    expect(result.reply).toContain('- my cat is Miso\n- the cat sleeps');
  });

  it('echoes anything else, word by word', async () => {
    const { events, result, types } = await run('hello there, friend');
    expect(result.reply).toBe('You said: hello there, friend');
    expect(types).toEqual(['reasoning', 'token', 'token', 'token', 'token', 'token', 'usage']);
    expect(
      events.filter((e) => e.type === 'token').map((e) => (e as { content: string }).content),
    ).toEqual(['You ', 'said: ', 'hello ', 'there, ', 'friend']);
  });

  it('stops streaming when aborted', async () => {
    const controller = new AbortController();
    const events: AgentEventBody[] = [];
    const running = new LocalAgent(20).run(
      { content: 'one two three four five six' },
      noRecall,
      (e) => {
        events.push(e);
        if (e.type === 'token') controller.abort(new TurnCancelledError());
      },
      controller.signal,
    );
    await expect(running).rejects.toBeInstanceOf(TurnCancelledError);
    expect(events.filter((e) => e.type === 'token')).toHaveLength(1);
  });
});

describe('calculator', () => {
  it.each([
    ['2+3*4', 14],
    ['(2+3)*4', 20],
    ['2^3^2', 512],
    ['-3 + 10 % 4', -1],
    ['0.1+0.2', 0.30000000000000004],
    ['7 / 2', 3.5],
  ])('%s = %s', (expr, value) => expect(evaluate(expr)).toBe(value));

  it.each(['2+', '(1', '2**3', '1/0', '1 2'])('rejects %s', (expr) =>
    expect(() => evaluate(expr)).toThrow(),
  );

  it('finds the expression in free text', () => {
    expect(findExpression('what is 2+3*4?')).toBe('2+3*4');
    expect(findExpression('compute (1 + 2) * 3 please')).toBe('(1 + 2) * 3');
    expect(findExpression('no numbers here')).toBeNull();
    expect(findExpression('I am 42 years old')).toBeNull();
  });

  it('splits a reply into tokens that concatenate back to it', () => {
    const text = 'A  reply,\nwith lines ';
    expect(splitIntoTokens(text).join('')).toBe(text);
  });
});
