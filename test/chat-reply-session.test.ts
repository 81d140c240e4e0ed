/**
 * sendChat's `session` is the session as its turn left it. Another device may delete
 * the session the moment the turn settles (its DoneEvent is what a deleting client
 * waits for); the reply must still answer, not fail with "vanished" (seen in
 * test/session-reuse.test.ts under load when the reply read the session again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionDoc } from '../src/model/documents.js';
import { MemoryStore } from '../src/store/memory.js';
import type { TurnEnd } from '../src/store/store.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer } from './support/server.js';

afterEach(disposeAll);

/** Deletes every session right after its turn settles, before the reply is resolved. */
class DeletingRightAfterTheTurn extends MemoryStore {
  override async finishTurn(id: string, turnId: string, end: TurnEnd): Promise<SessionDoc | null> {
    const settled = await super.finishTurn(id, turnId, end);
    await this.deleteSession(id);
    return settled;
  }
}

describe("sendChat's session", () => {
  it('is the session as the turn left it, even when it is deleted right after', async () => {
    const store = new DeletingRightAfterTheTurn();
    const server = await startServer({}, { store });
    const sessionId = crypto.randomUUID();
    const answer = await server.gql<any>(SEND_CHAT, { input: { sessionId, content: 'hello' } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.sendChat).toMatchObject({
      status: 'COMPLETED',
      session: { id: sessionId, messageCount: 2, title: 'hello' },
    });
    expect(await store.getSession(sessionId)).toBeNull();
  });
});
