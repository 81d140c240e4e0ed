/** Session events become audit entries: the mapping, token summaries, and no content. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { verifyEntries } from '../src/audit/chain.js';
import { type AuditLog, scanAuditLog } from '../src/audit/log.js';
import { MemoryAuditLog } from '../src/audit/memory-log.js';
import { AuditRecorder } from '../src/audit/recorder.js';
import type { EventBody, SessionEvent } from '../src/model/events.js';

const T0 = Date.UTC(2026, 0, 1, 12);

function setup(log: AuditLog = new MemoryAuditLog()) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const recorder = new AuditRecorder(log, pino({ level: 'warn' }, sink), {
    now: () => new Date(T0 + 60_000),
  });
  return { log, recorder, lines };
}

/** Stamps bodies as the turn runner does: seq from 1, one millisecond apart. */
function turnEvents(sessionId: string, turnId: string, bodies: EventBody[]): SessionEvent[] {
  return bodies.map((body, i) => ({
    ...body,
    seq: i + 1,
    sessionId,
    turnId,
    at: new Date(T0 + i),
  }));
}

const done = (over: Partial<Extract<EventBody, { type: 'done' }>> = {}): EventBody => ({
  type: 'done',
  status: 'COMPLETED',
  reply: 'SECRET reply text',
  error: null,
  phase: null,
  projectTag: null,
  seedId: null,
  evaluationPassed: null,
  durationMs: 42,
  toolCalls: [],
  ...over,
});

const tokens = (n: number): EventBody[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'token', content: `SECRET-token-${i} ` }));

async function entries(log: AuditLog) {
  return log.list({}, { limit: 100 });
}

describe('AuditRecorder', () => {
  it('maps a turn to spawn, tool call/result, summaries and exit, with tokens counted', async () => {
    const { log, recorder } = setup();
    const events = turnEvents('s1', 'turn-1', [
      { type: 'reasoning', content: 'SECRET chain of thought', source: 'plan' },
      { type: 'toolStart', toolCallId: 'c1', toolName: 'calculator', toolArgs: { q: 'SECRET' } },
      { type: 'toolProgress', toolCallId: 'c1', toolName: 'calculator', progress: 'SECRET 50%' },
      {
        type: 'toolEnd',
        toolCallId: 'c1',
        toolName: 'calculator',
        durationMs: 3,
        isError: false,
        outputSummary: 'SECRET output',
      },
      ...tokens(30),
      { type: 'usage', inputTokens: 12, outputTokens: 30 },
      done(),
    ]);
    for (const e of events) recorder.record(e);
    await recorder.flush();

    const written = await entries(log);
    expect(written.map((e) => [e.action, e.detail])).toEqual([
      ['AGENT_SPAWN', { turnId: 'turn-1' }],
      ['OTHER', 'reasoning:plan'],
      ['TOOL_CALL', { toolName: 'calculator', toolCallId: 'c1' }],
      ['OTHER', 'tool_progress:calculator'],
      ['TOOL_RESULT', { toolName: 'calculator', toolCallId: 'c1', isError: false, durationMs: 3 }],
      ['OTHER', 'tokens:in=12:out=30'],
      ['AGENT_EXIT', { turnId: 'turn-1', status: 'COMPLETED', tokens: 30, durationMs: 42 }],
    ]);
    for (const e of written) {
      expect(e).toMatchObject({ actor: 'session:s1', resource: 'session:s1' });
    }
    expect(written[0]!.at).toEqual(events[0]!.at);
    expect(JSON.stringify(written)).not.toMatch(/SECRET/);
    expect(await verifyEntries(scanAuditLog(log))).toMatchObject({ valid: true, checked: 7 });
  });

  it('keeps token counts apart for interleaved turns and starts afresh after done', async () => {
    const { log, recorder } = setup();
    const a = turnEvents('s1', 'a', [
      ...tokens(3),
      done({ durationMs: null as unknown as number }) /* stored before it was always a number */,
    ]);
    const b = turnEvents('s2', 'b', [...tokens(5), done({ status: 'FAILED', error: 'boom' })]);
    for (let i = 0; i < 6; i++) {
      if (a[i]) recorder.record(a[i]!);
      if (b[i]) recorder.record(b[i]!);
    }
    // The same turn id again (never in practice) counts from zero: nothing was kept.
    for (const e of turnEvents('s1', 'a', [...tokens(1), done()])) recorder.record(e);
    await recorder.flush();

    const exits = (await entries(log)).filter((e) => e.action === 'AGENT_EXIT');
    expect(exits.map((e) => e.detail)).toEqual([
      // No durationMs on the done event: measured from the turn's first event.
      { turnId: 'a', status: 'COMPLETED', tokens: 3, durationMs: 3 },
      { turnId: 'b', status: 'FAILED', error: 'boom', tokens: 5, durationMs: 42 },
      { turnId: 'a', status: 'COMPLETED', tokens: 1, durationMs: 42 },
    ]);
  });

  it('records a memory recall as MEMORY_READ with counts, never the query', async () => {
    const { log, recorder } = setup();
    const [event] = turnEvents('s1', 't', [
      { type: 'memory', action: 'RECALL', query: 'SECRET words', count: 2, source: 'hot' },
    ]);
    recorder.record(event!);
    await recorder.flush();
    const written = await entries(log);
    expect(written.map((e) => [e.action, e.detail])).toEqual([
      ['AGENT_SPAWN', { turnId: 't' }],
      ['MEMORY_READ', { count: 2, source: 'hot', queryLength: 12 }],
    ]);
  });

  it('records a done without earlier events as an exit only (a turn closed on takeover)', async () => {
    const { log, recorder } = setup();
    for (const e of turnEvents('s1', 't', [done({ status: 'FAILED', error: 'orphaned' })])) {
      recorder.record(e);
    }
    await recorder.flush();
    expect((await entries(log)).map((e) => e.action)).toEqual(['AGENT_EXIT']);
  });

  it('records access denials with the user as actor', async () => {
    const { log, recorder } = setup();
    recorder.recordAccessDenied('mallory', 'session:s1', 'not the owner');
    await recorder.flush();
    expect(await entries(log)).toEqual([
      expect.objectContaining({
        at: new Date(T0 + 60_000),
        actor: 'user:mallory',
        action: 'ACCESS_DENIED',
        detail: { reason: 'not the owner' },
        resource: 'session:s1',
      }),
    ]);
  });

  it('logs a failing append and never throws into the caller', async () => {
    const failing = new MemoryAuditLog();
    failing.appendMany = async () => {
      throw new Error('database down');
    };
    const { recorder, lines } = setup(failing);
    for (const e of turnEvents('s1', 't', [...tokens(2), done()])) recorder.record(e);
    await expect(recorder.flush()).resolves.toBeUndefined();
    // The turn's spawn and exit went out as one batch: one failure, told once.
    expect(lines.map((l) => l.msg)).toEqual(['audit: append failed']);
    expect(lines[0]).toMatchObject({ entries: 2, actions: ['AGENT_SPAWN', 'AGENT_EXIT'] });
    expect(JSON.stringify(lines)).not.toMatch(/SECRET/);
  });
});
