/**
 * Closing a turn whose instance died: when its lease expires, whoever takes the
 * lease next ends that turn as FAILED ("interrupted") from what the event log
 * holds: the partial reply, the tool calls, a DoneEvent, and the agent message
 * that keeps the history paired (user, agent, user, agent...).
 */
import { randomUUID } from 'node:crypto';
import type { SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import { INTERRUPTED } from '../errors.js';
import { TurnRecord } from './record.js';

const PAGE = 500;

export async function closeOrphanedTurn(
  store: Store,
  publish: (event: SessionEvent) => void,
  sessionId: string,
  orphanTurnId: string,
  afterSeq: number,
  nextSeq: number,
): Promise<number> {
  const record = new TurnRecord(sessionId, orphanTurnId);
  let startedAt: Date | null = null;
  let incarnation: string | undefined;
  for (let cursor = afterSeq; ; ) {
    const page = await store.readEvents(sessionId, cursor, PAGE);
    for (const event of page) {
      cursor = event.seq;
      if (event.turnId !== orphanTurnId) continue;
      // Its DoneEvent is stored: the turn ended and only its bookkeeping was cut short.
      if (event.type === 'done') return nextSeq;
      startedAt ??= event.at;
      incarnation ??= event.incarnation;
      record.observe(event);
    }
    if (page.length < PAGE) break;
  }

  const [last] = await store.listMessages(sessionId, { limit: 1, fromEnd: true });
  const now = new Date();
  // From its first stored event; an orphan that stored none ran for no measurable time.
  const durationMs = startedAt ? now.getTime() - startedAt.getTime() : 0;
  const toolCalls = record.finishedToolCalls();
  // The turn may have stored part of its ending before it died (tool calls, then the
  // agent message, then the DoneEvent): keep what is stored, add only what is missing.
  const stored = new Set((await store.toolCallsOfTurns([orphanTurnId])).map((c) => c._id));
  await store.insertToolCalls(toolCalls.filter((c) => !stored.has(c._id)));
  const ended = last?.role === 'AGENT' && last.turnId === orphanTurnId ? last : null;
  if (!ended && last?.role === 'USER' && last.turnId === orphanTurnId) {
    await store.appendMessage({
      _id: randomUUID(),
      sessionId,
      turnId: orphanTurnId,
      role: 'AGENT',
      content: record.reply,
      createdAt: now,
      status: 'FAILED',
      error: INTERRUPTED,
      usage: record.usage,
      durationMs,
      phase: null,
      seedId: null,
      evaluationPassed: null,
    });
  }
  const done: SessionEvent = {
    type: 'done',
    seq: nextSeq,
    sessionId,
    turnId: orphanTurnId,
    at: now,
    // The orphan's own events tell which session it ran in; without any, the current one.
    incarnation: incarnation ?? (await store.getSession(sessionId))?.incarnation,
    // A stored agent message is the turn's outcome; otherwise it was interrupted.
    status: ended?.status ?? 'FAILED',
    reply: ended?.content ?? record.reply,
    error: ended ? ended.error : INTERRUPTED,
    phase: ended?.phase ?? null,
    projectTag: null,
    seedId: ended?.seedId ?? null,
    evaluationPassed: ended?.evaluationPassed ?? null,
    durationMs: ended?.durationMs ?? durationMs,
    toolCalls,
  };
  await store.appendEvents([done]);
  // Credits the orphan's usage; the lease now belongs to the caller and stays.
  await store.finishTurn(sessionId, orphanTurnId, {
    usage: record.usage,
    nextSeq: nextSeq + 1,
    now,
  });
  publish(done);
  return nextSeq + 1;
}
