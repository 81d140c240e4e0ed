/**
 * The audit trail end to end: turns append their events (tokens summarised), the
 * chain verifies after concurrent turns, and tampering with one stored entry is
 * reported at its seq. Both stores.
 */
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../src/audit/memory-log.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { storeVariants } from './support/stores.js';

afterEach(disposeAll);

const VERIFY = '{ verifyAuditTrail { valid checked brokenAtSeq } }';
const TRAIL = `query($filter: AuditFilter) {
  auditTrail(first: 100, filter: $filter) { totalCount edges { node { seq actor action detail resource prevHash hash } } }
}`;

/** Changes one stored entry behind the application's back. */
async function tamper(s: TestServer, env: Record<string, string>, seq: number) {
  const { audit } = s.app.services;
  if (audit instanceof MemoryAuditLog) {
    const entry = audit.entries.get(seq)!;
    audit.entries.set(seq, { ...entry, detail: { forged: true } });
    return;
  }
  const client = await MongoClient.connect(env.MONGODB_URI!);
  try {
    await client
      .db(env.MONGODB_DB)
      .collection('audit')
      .updateOne({ _id: seq as never }, { $set: { actor: 'user:mallory' } });
  } finally {
    await client.close();
  }
}

describe.each(storeVariants)('audit trail ($name store)', ({ env: makeEnv }) => {
  it('records every turn, verifies after concurrent turns, and names the first tampered seq', async () => {
    const env = await makeEnv();
    const s = await startServer(env);
    const sessionId = crypto.randomUUID();
    const secret = 'my-secret-word-alpha';
    const sends = Array.from({ length: 10 }, (_, i) =>
      s.gql(SEND_CHAT, {
        input: { sessionId, content: i === 0 ? `what is 2+2? ${secret}` : `turn ${i} ${secret}` },
      }),
    );
    for (const r of await Promise.all(sends)) expect(r.errors).toBeUndefined();
    // 20 messages, each user message directly followed by its turn's agent message.
    const messages = await s.app.services.store.messages.list(sessionId, { limit: 100 });
    expect(messages.map((m) => m.role)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 'AGENT' : 'USER')),
    );
    for (let i = 0; i < 20; i += 2) expect(messages[i + 1]!.turnId).toBe(messages[i]!.turnId);
    const log = await s.app.services.store.readEvents(sessionId, 0, 10_000);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    await s.app.services.auditRecorder.flush();

    const verified = await s.gql<any>(VERIFY);
    expect(verified.data!.verifyAuditTrail).toMatchObject({ valid: true, brokenAtSeq: null });
    const trail = await s.gql<any>(TRAIL, { filter: { sessionId } });
    const entries = trail.data!.auditTrail.edges.map((e: any) => e.node);
    const actions = entries.map((e: any) => e.action);
    expect(actions.filter((a: string) => a === 'AGENT_SPAWN')).toHaveLength(10);
    expect(actions.filter((a: string) => a === 'AGENT_EXIT')).toHaveLength(10);
    expect(actions).toContain('TOOL_CALL');
    expect(actions).toContain('TOOL_RESULT');
    // Tokens are summarised once per turn, never one entry each; no content is kept.
    expect(entries.length).toBeLessThan(10 * 6);
    expect(JSON.stringify(entries)).not.toContain(secret);
    expect(entries.every((e: any) => e.actor === `session:${sessionId}`)).toBe(true);
    expect(verified.data!.verifyAuditTrail.checked).toBe(trail.data!.auditTrail.totalCount);

    await tamper(s, env, 3);
    const broken = await s.gql<any>(VERIFY);
    expect(broken.data!.verifyAuditTrail).toMatchObject({ valid: false, brokenAtSeq: 3 });
  });
});
