/** Documents for the Store contract tests, with readable, fixed times. */

import type { ToolCallDoc } from '../src/model/documents.js';
import type { SessionEvent } from '../src/model/events.js';
import { newMessage } from '../src/runtime/turns/outcome.js';
import type { NewMessage, NewSession } from '../src/store/store.js';

const BASE = Date.UTC(2025, 0, 1);

/** A fixed time `minutes` after the base time. */
export const at = (minutes: number) => new Date(BASE + minutes * 60_000);

export function session(id: string, overrides: Partial<NewSession> = {}): NewSession {
  return { id, userId: 'u1', projectId: null, title: 'first title', now: at(0), ...overrides };
}

export function message(
  sessionId: string,
  turnId: string,
  content: string,
  createdAt: Date,
): NewMessage {
  return {
    ...newMessage(sessionId, turnId, 'USER', content),
    _id: `${sessionId}:${turnId}:${content}`,
    createdAt,
  };
}

export function toolCall(sessionId: string, turnId: string, seq: number): ToolCallDoc {
  return {
    _id: `${turnId}:call${seq}`,
    sessionId,
    turnId,
    toolCallId: `call${seq}`,
    toolName: 'calculator',
    toolArgs: { expression: `${seq}+1`, nested: [1, { deep: null }] },
    outputSummary: seq % 2 ? String(seq + 1) : null,
    durationMs: seq % 2 ? 12 : null,
    isError: false,
    startedAt: at(seq),
    seq,
  };
}

export function tokenEvent(sessionId: string, seq: number, when = at(seq)): SessionEvent {
  return { type: 'token', content: `w${seq} `, seq, sessionId, turnId: 't1', at: when };
}
