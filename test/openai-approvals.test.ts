/**
 * The openai agent and approvals, against the fake chat-completions server (FerretDB
 * store): one step with two calls that both need approval pauses on both at once; each
 * is answered by its own id, in any order; the next request to the model carries the
 * approved call's real result and the rejected call's rejection.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  approvalRequestOf,
  isA,
  MEMORIES,
  RESOLVE,
  SESSION_STATE,
  startTurn,
  watchEvents,
} from './support/approvals.js';
import { chunk, textAnswer, usageChunk } from './support/fake-openai.js';
import { useTestDatabase } from './support/mongo.js';
import { storedSession, useFakeOpenAI } from './support/openai-agent.js';

const { fake, start } = useFakeOpenAI();

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await useTestDatabase('openai_approvals');
  drop = db.drop;
  env = { MONGODB_URI: db.uri, MONGODB_DB: db.dbName };
});
afterAll(() => drop());

const call = (index: number, id: string, name: string, args: unknown) =>
  chunk({
    tool_calls: [
      { index, id, type: 'function', function: { name, arguments: JSON.stringify(args) } },
    ],
  });

it('two calls of one step wait at once; answered second-first (approve) then first (reject); the model gets both results', async () => {
  fake().script(
    {
      stream: [
        chunk({ role: 'assistant', content: null }),
        call(0, 'call_calc', 'calculator', { expression: '6*7' }),
        call(1, 'call_mem', 'memory_store', { content: 'my cat is called Tom' }),
        chunk({}, 'tool_calls'),
        usageChunk(30, 12),
      ],
    },
    { stream: textAnswer(['Noted.']) },
  );
  const server = await start({ ...env, TOOLS_REQUIRING_APPROVAL: 'calculator,memory_store' });
  const sessionId = randomUUID();
  const stream = watchEvents(server.wsClient(), sessionId);
  const turnId = await startTurn(server.url, sessionId, 'what is 6*7? and remember my cat is Tom');

  const requestOf = (toolCallId: string) =>
    stream.next(
      (e) => e.__typename === 'ToolApprovalRequestEvent' && e.toolCallId === toolCallId,
      `approval request for ${toolCallId}`,
    );
  const [calc, mem] = await Promise.all([requestOf('call_calc'), requestOf('call_mem')]);
  expect(calc).toMatchObject({ toolName: 'calculator', toolArgs: { expression: '6*7' } });
  expect(mem).toMatchObject({
    toolName: 'memory_store',
    toolArgs: { content: 'my cat is called Tom' },
  });
  // Both asked before anything ran or was answered.
  expect(stream.events.some((e) => /^Tool(Start|End)Event$|^TokenEvent$/.test(e.__typename))).toBe(
    false,
  );
  const state = await server.gql<any>(SESSION_STATE, { id: sessionId });
  expect(state.data!.session.status).toBe('AWAITING_APPROVAL');
  expect(state.data!.session.pendingApprovals.map((a: any) => a.id).sort()).toEqual(
    [calc.approvalId, mem.approvalId].sort(),
  );

  const approved = await server.gql<any>(RESOLVE, { id: mem.approvalId, approve: true });
  expect(approved.data!.resolveToolApproval.status).toBe('APPROVED');
  await stream.next(
    (e) => e.__typename === 'ToolApprovalResolvedEvent' && e.approvalId === mem.approvalId,
    'memory_store resolved',
  );
  // The other call still waits: the model has not been asked again.
  expect(fake().requests).toHaveLength(1);
  const pending = await server.gql<any>(SESSION_STATE, { id: sessionId });
  expect(pending.data!.session.pendingApprovals).toMatchObject([{ id: calc.approvalId }]);

  const rejected = await server.gql<any>(RESOLVE, {
    id: calc.approvalId,
    approve: false,
    reason: 'not now',
  });
  expect(rejected.data!.resolveToolApproval.status).toBe('REJECTED');

  const done = await stream.done(turnId);
  expect(done).toMatchObject({ status: 'COMPLETED', reply: 'Noted.' });
  const stored = stream.events.find(isA('MemoryEvent'))!;
  expect(stored).toMatchObject({ action: 'STORE', source: 'memories', count: 1 });
  expect(stream.events.filter(isA('ToolEndEvent'))).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ toolCallId: 'call_calc', isError: true }),
      expect.objectContaining({ toolCallId: 'call_mem', isError: false }),
    ]),
  );
  // Only the approved call ran.
  expect(stream.events.filter(isA('ToolStartEvent')).map((e) => e.toolCallId)).toEqual([
    'call_mem',
  ]);

  expect(fake().requests).toHaveLength(2);
  const tools = fake().requests[1]!.body.messages.filter((m: any) => m.role === 'tool');
  const result = (id: string) => tools.find((m: any) => m.tool_call_id === id)?.content as string;
  expect(tools).toHaveLength(2);
  expect(result('call_mem')).toBe(`Stored memory ${stored.memoryId}.`);
  expect(result('call_calc')).toContain('rejected');
  expect(result('call_calc')).toContain('not now');
  expect(result('call_calc')).not.toContain('42');

  // The turn's stored tool calls include both, the refused one as an error.
  const session = await storedSession(server, sessionId);
  const calls = session.toolCalls.edges.map((e: any) => e.node);
  expect(calls).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ toolCallId: 'call_calc', turnId, isError: true }),
      expect.objectContaining({ toolCallId: 'call_mem', turnId, isError: false }),
    ]),
  );
  expect(calls).toHaveLength(2);
  expect(done.toolCalls).toHaveLength(2);
  const memories = await server.gql<any>(MEMORIES);
  expect(memories.data!.memories.edges.map((e: any) => e.node.content)).toEqual([
    'my cat is called Tom',
  ]);
});

it("TOOLS_REQUIRING_APPROVAL='*': any tool pauses; approved, the model receives its real result", async () => {
  fake().script(
    {
      stream: [
        chunk({ role: 'assistant', content: null }),
        call(0, 'call_time', 'current_time', {}),
        chunk({}, 'tool_calls'),
        usageChunk(20, 5),
      ],
    },
    { stream: textAnswer(['It is late.']) },
  );
  const server = await start({ ...env, TOOLS_REQUIRING_APPROVAL: '*' });
  const sessionId = randomUUID();
  const stream = watchEvents(server.wsClient(), sessionId);
  const turnId = await startTurn(server.url, sessionId, 'what time is it?');
  const request = await approvalRequestOf(stream, turnId);
  expect(request).toMatchObject({ toolCallId: 'call_time', toolName: 'current_time' });
  expect(request.reason).toContain('*');

  await server.gql(RESOLVE, { id: request.approvalId, approve: true });
  expect(await stream.done(turnId)).toMatchObject({ status: 'COMPLETED', reply: 'It is late.' });
  const tool = fake().requests[1]!.body.messages.find((m: any) => m.role === 'tool');
  expect(tool).toMatchObject({ tool_call_id: 'call_time' });
  expect(JSON.parse(tool.content)).toMatchObject({ timeZone: 'UTC' });
});

it('a wait longer than OPENAI_TIMEOUT_MS is not a stalled stream: the turn goes on after the approval', async () => {
  fake().script(
    {
      stream: [
        chunk({ role: 'assistant', content: null }),
        call(0, 'call_calc', 'calculator', { expression: '2+2' }),
        chunk({}, 'tool_calls'),
        usageChunk(10, 4),
      ],
    },
    { stream: textAnswer(['Four.']) },
  );
  const timeoutMs = 300;
  const server = await start({
    ...env,
    TOOLS_REQUIRING_APPROVAL: 'calculator',
    OPENAI_TIMEOUT_MS: String(timeoutMs),
  });
  const sessionId = randomUUID();
  const stream = watchEvents(server.wsClient(), sessionId);
  const turnId = await startTurn(server.url, sessionId, 'what is 2+2?');
  const request = await approvalRequestOf(stream, turnId);
  // The fault under test is time itself: the person answers after three stall timeouts.
  await new Promise((resolve) => setTimeout(resolve, 3 * timeoutMs));
  await server.gql(RESOLVE, { id: request.approvalId, approve: true });
  expect(await stream.done(turnId)).toMatchObject({ status: 'COMPLETED', reply: 'Four.' });
  expect(fake().requests).toHaveLength(2);
});
