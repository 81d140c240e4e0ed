/**
 * A turn that ends while approvals wait (its agent failed after asking twice) stops
 * every wait at its end: both approvals expire, and nothing of that turn is streamed
 * after its DoneEvent, however soon a leftover wait would have polled the store.
 */
import { afterAll, expect, it } from 'vitest';
import type { Agent, AgentResult, Emit, ToolContext } from '../src/runtime/agents/agent.js';
import { isA, startTurn, TOOL_APPROVAL, watchEvents } from './support/approvals.js';
import { disposeAll, startServer } from './support/server.js';

afterAll(disposeAll);

/** Asks for two memory_store calls, then fails as a broken model endpoint would. */
class AsksTwiceThenFails implements Agent {
  readonly name = 'asks-twice-then-fails';

  async run(turn: { content: string }, context: ToolContext, emit: Emit): Promise<AgentResult> {
    const usage = { inputTokens: 1, outputTokens: 1 };
    if (turn.content !== 'ask') {
      emit({ type: 'token', content: 'fine' });
      return { reply: 'fine', usage };
    }
    for (const id of ['call_1', 'call_2']) {
      const toolArgs = { content: `fact ${id}` };
      await context.gate.request({ toolCallId: id, toolName: 'memory_store', toolArgs });
    }
    throw new Error('the model endpoint broke');
  }
}

it('a turn that fails with approvals waiting expires them and streams nothing after its DoneEvent', async () => {
  // A leftover wait would read the expiry within 10 ms and announce it.
  const env = { TOOL_APPROVAL_POLL_MS: '10' };
  const server = await startServer(env, { agent: new AsksTwiceThenFails() });
  const sessionId = crypto.randomUUID();
  const stream = watchEvents(server.wsClient(), sessionId);
  const first = await startTurn(server.url, sessionId, 'ask');
  const done = await stream.done(first);
  expect(done).toMatchObject({ status: 'FAILED', error: 'the model endpoint broke' });

  const requests = stream.events.filter(isA('ToolApprovalRequestEvent'));
  expect(requests.map((r) => r.toolCallId)).toEqual(['call_1', 'call_2']);
  for (const request of requests) {
    const read = await server.gql<any>(TOOL_APPROVAL, { id: request.approvalId });
    expect(read.data!.toolApproval).toMatchObject({ status: 'EXPIRED', resolvedBy: null });
  }

  // The session's next turn: by its DoneEvent a leftover wait would long have spoken.
  const second = await startTurn(server.url, sessionId, 'hello');
  await stream.done(second);
  const ofFirst = stream.events.filter((e) => e.turnId === first);
  expect(ofFirst.at(-1)).toBe(done);
  expect(stream.events.some(isA('ToolApprovalResolvedEvent'))).toBe(false);
  const seqs = stream.events.map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
});
