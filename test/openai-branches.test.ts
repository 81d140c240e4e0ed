/**
 * Issue 16: the openai agent's context is the active branch only. After an edit of the
 * second user message in a 3-turn session, the model (a local fake speaking the
 * chat-completions wire format) receives the first turn and the edited message, never
 * the branch left behind; a regenerated reply's context is the branch up to the
 * question it answers again.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { branchOf, doneOf, EDIT, REGENERATE } from './support/branches.js';
import { textAnswer } from './support/fake-openai.js';
import { turn, useFakeOpenAI } from './support/openai-agent.js';

const { fake, start } = useFakeOpenAI();

describe('openai agent on a branched session', () => {
  it('a first regenerate in a linear session sends the history up to the question only', async () => {
    const server = await start({ OPENAI_SYSTEM_PROMPT: 'Be brief.' });
    const sessionId = randomUUID();
    for (const answer of ['a1', 'a2', 'a1-again']) fake().script({ stream: textAnswer([answer]) });
    await turn(server, 'u1', sessionId);
    await turn(server, 'u2', sessionId);
    const [, a1] = (await branchOf(server, sessionId)).messages;
    const again = await server.gql<any>(REGENERATE, { id: a1!.id });
    await doneOf(server, again.data!.regenerateReply);
    expect(fake().requests[2]!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'u1' },
    ]);
  });

  it('sends only the active branch as context', async () => {
    const server = await start({ OPENAI_SYSTEM_PROMPT: 'Be brief.' });
    const sessionId = randomUUID();
    for (const answer of ['a1', 'a2', 'a3', 'a2-edited', 'a1-again']) {
      fake().script({ stream: textAnswer([answer]) });
    }
    await turn(server, 'u1', sessionId);
    await turn(server, 'u2', sessionId);
    await turn(server, 'u3', sessionId);
    const [u1, a1, u2] = (await branchOf(server, sessionId)).messages;

    const edited = await server.gql<any>(EDIT, { id: u2!.id, content: 'u2, edited' });
    await doneOf(server, edited.data!.editMessage);
    expect(fake().requests[3]!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'u1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'u2, edited' },
    ]);

    const again = await server.gql<any>(REGENERATE, { id: a1!.id });
    await doneOf(server, again.data!.regenerateReply);
    expect(fake().requests[4]!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'u1' },
    ]);
    const now = await branchOf(server, sessionId);
    expect(now.messages.map((m) => m.content)).toEqual(['u1', 'a1-again']);
    expect(now.messages[0]!.id).toBe(u1!.id);
  });
});
