/**
 * Closing a dead instance's turn keeps what it stored and adds only what is missing:
 * no duplicated message or tool call, and a DoneEvent that agrees with the history.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionDoc } from '../src/model/documents.js';
import type { SessionEvent } from '../src/model/events.js';
import { LocalBus } from '../src/runtime/fanout/bus.js';
import { closeOrphanedTurn } from '../src/runtime/turns/orphans.js';
import { newMessage } from '../src/runtime/turns/outcome.js';
import { TurnRecord } from '../src/runtime/turns/record.js';
import { MemoryStore } from '../src/store/memory.js';
import type { Store } from '../src/store/store.js';
import { connectTestStore } from './support/mongo.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const variants = [
  { name: 'memory', make: async (): Promise<Store> => new MemoryStore() },
  {
    name: 'mongo',
    make: async (): Promise<Store> => {
      const { store, cleanup } = await connectTestStore('orphans');
      cleanups.push(cleanup);
      return store;
    },
  },
];

/** A turn that stored its user message and four events (a tool call, two tokens), then died. */
async function deadTurn(store: Store, sessionId: string) {
  const turnId = 'dead-turn';
  const at = new Date();
  await store.ensureSession({ id: sessionId, userId: 'u', projectId: null, title: null, now: at });
  await store.appendMessage(newMessage(sessionId, turnId, 'USER', 'what is 1+1?'));
  const base = { sessionId, turnId, at };
  const events: SessionEvent[] = [
    {
      ...base,
      seq: 1,
      type: 'toolStart',
      toolCallId: 'c1',
      toolName: 'calculator',
      toolArgs: { expression: '1+1' },
    },
    {
      ...base,
      seq: 2,
      type: 'toolEnd',
      toolCallId: 'c1',
      toolName: 'calculator',
      durationMs: 1,
      isError: false,
      outputSummary: '2',
    },
    { ...base, seq: 3, type: 'token', content: '1+1 ' },
    { ...base, seq: 4, type: 'token', content: '= 2' },
  ];
  await store.appendEvents(events);
  const record = new TurnRecord(sessionId, turnId);
  for (const e of events) record.observe(e);
  return { turnId, record };
}

describe.each(variants)('closeOrphanedTurn ($name)', ({ make }) => {
  const close = async (store: Store, sessionId: string, turnId: string, nextSeq = 5) => {
    const published: SessionEvent[] = [];
    /** What the viewer feed would be told: each DoneEvent with the session it left. */
    const settled: [number, number | undefined][] = [];
    const bus = new LocalBus();
    const listener = { event: (e: SessionEvent) => published.push(e), ended() {}, resync() {} };
    const unsubscribe = await bus.subscribe(sessionId, listener);
    const onSettled = (e: SessionEvent, s: SessionDoc | null) => settled.push([e.seq, s?.nextSeq]);
    const log = { store, bus, onSettled };
    const next = await closeOrphanedTurn(log, sessionId, turnId, 0, nextSeq);
    unsubscribe();
    // Every DoneEvent published was told first, with the session after it.
    expect(settled).toEqual(published.map((e) => [e.seq, e.seq + 1]));
    return { next, published };
  };

  it('nothing of the ending stored: FAILED "interrupted", partial reply kept', async () => {
    const store = await make();
    const { turnId } = await deadTurn(store, 'o1');
    const { next, published } = await close(store, 'o1', turnId);
    expect(next).toBe(6);
    expect(published).toMatchObject([
      { type: 'done', seq: 5, status: 'FAILED', error: 'interrupted', reply: '1+1 = 2' },
    ]);
    const messages = await store.messages.list('o1', { limit: 10 });
    expect(messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ['USER', null, 'what is 1+1?'],
      ['AGENT', 'FAILED', '1+1 = 2'],
    ]);
    expect(await store.toolCalls.count('o1')).toBe(1);
  });

  it('tool calls and agent message stored, DoneEvent lost: the DoneEvent follows the message', async () => {
    const store = await make();
    const { turnId, record } = await deadTurn(store, 'o2');
    await store.insertToolCalls(record.finishedToolCalls());
    await store.appendMessage(
      newMessage('o2', turnId, 'AGENT', '1+1 = 2', { status: 'COMPLETED', durationMs: 7 }),
    );
    const { published } = await close(store, 'o2', turnId);
    expect(published).toMatchObject([
      { status: 'COMPLETED', error: null, reply: '1+1 = 2', durationMs: 7 },
    ]);
    expect(await store.messages.count('o2')).toBe(2);
    expect(await store.toolCalls.count('o2')).toBe(1);
    const log = await store.readEvents('o2', 0, 10);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a DoneEvent stored, the bookkeeping after it cut short: nothing stored again, the DoneEvent published', async () => {
    const store = await make();
    const { turnId, record } = await deadTurn(store, 'o3');
    // The turn's own ending got as far as its DoneEvent (stored, never published: the
    // session update before the publish failed), then the instance died.
    await store.insertToolCalls(record.finishedToolCalls());
    await store.appendMessage(
      newMessage('o3', turnId, 'AGENT', '1+1 = 2', { status: 'COMPLETED', durationMs: 7 }),
    );
    const done = { sessionId: 'o3', turnId, at: new Date(), seq: 5, type: 'done' } as const;
    await store.appendEvents([
      {
        ...done,
        status: 'COMPLETED',
        reply: '1+1 = 2',
        error: null,
        durationMs: 7,
      } as SessionEvent,
    ]);
    const { next, published } = await close(store, 'o3', turnId, 6);
    expect(next).toBe(6);
    // A live subscriber gets it now instead of waiting forever; it was never sent before.
    expect(published).toMatchObject([{ type: 'done', seq: 5, turnId, status: 'COMPLETED' }]);
    expect((await store.getSession('o3'))?.nextSeq).toBe(6);
    // Closed again (a closer that died before removing what it closed): nothing to do.
    expect(await close(store, 'o3', turnId, 6)).toEqual({ next: 6, published: [] });
    expect(await store.messages.count('o3')).toBe(2);
    expect(await store.toolCalls.count('o3')).toBe(1);
    expect((await store.readEvents('o3', 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
