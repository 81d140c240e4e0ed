/**
 * Closing a turn whose instance died: when its lease expires, whoever takes the
 * lease next ends that turn as FAILED ("interrupted") from what the event log
 * holds: the partial reply, the tool calls, a DoneEvent, and the agent message
 * that keeps the history paired (user, agent, user, agent...).
 */
import { randomUUID } from 'node:crypto';
import type { SessionEvent } from '../../model/events.js';
import { INTERRUPTED } from '../errors.js';
import { TurnRecord } from './record.js';
import { type EventLog, Turn } from './turn.js';

const PAGE = 500;

/** Returns the next free seq. The caller holds the session's lease. */
export async function closeOrphanedTurn(
  log: EventLog,
  sessionId: string,
  orphanTurnId: string,
  afterSeq: number,
  nextSeq: number,
): Promise<number> {
  const { store } = log;
  const record = new TurnRecord(sessionId, orphanTurnId);
  let startedAt: Date | null = null;
  let incarnation: string | undefined;
  for (let cursor = afterSeq; ; ) {
    const page = await store.readEvents(sessionId, cursor, PAGE);
    for (const event of page) {
      cursor = event.seq;
      if (event.turnId !== orphanTurnId) continue;
      // Its DoneEvent is stored: the turn ended and only its bookkeeping was cut short.
      if (event.type === 'done') return settleStoredDone(log, event, record, nextSeq);
      startedAt ??= event.at;
      incarnation ??= event.incarnation;
      record.observe(event);
    }
    if (page.length < PAGE) break;
  }

  const [last] = await store.messages.list(sessionId, { limit: 1, fromEnd: true });
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
      parentId: last._id, // the message it answers, wherever the leaf has moved since
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
  // The orphan's own events tell which session it ran in; without any, the current one.
  incarnation ??= (await store.getSession(sessionId))?.incarnation;
  // One attempt, no retries: a closing that fails is done again by the next lease taker.
  const closing = new Turn(log, { sessionId, turnId: orphanTurnId, incarnation }, 0);
  // Credits the orphan's usage; the lease now belongs to the caller and stays.
  const { event: done } = await closing.begin(nextSeq).done(
    {
      type: 'done',
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
    },
    record.usage,
    now,
  );
  return done.seq + 1;
}

/**
 * A DoneEvent is published after the session update that settles its turn, so one the
 * turn stored without living to settle it was never published: settle it and publish
 * it now, or a live subscriber waits for it forever. One settled already (a closing
 * repeated after a closer died half-way) was published then: nothing to do, so the
 * audit trail and the metrics hear it once.
 */
async function settleStoredDone(
  log: EventLog,
  done: SessionEvent,
  record: TurnRecord,
  nextSeq: number,
): Promise<number> {
  const session = await log.store.getSession(done.sessionId);
  if (!session || session.nextSeq > done.seq) return nextSeq;
  const end = { usage: record.usage, nextSeq: done.seq + 1, now: new Date() };
  const settled = await log.store.finishTurn(done.sessionId, done.turnId, end);
  log.onSettled?.(done, settled);
  log.bus.publish(done);
  return nextSeq;
}
