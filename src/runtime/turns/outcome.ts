/** Helpers that turn a finished turn into what gets stored. */
import { randomUUID } from 'node:crypto';
import type { AgentMeta, MessageRole, TurnStatus } from '../../model/documents.js';
import type { NewMessage } from '../../store/store.js';
import { TurnCancelledError } from '../errors.js';

export function newMessage(
  sessionId: string,
  turnId: string,
  role: MessageRole,
  content: string,
  meta: Partial<AgentMeta> = {},
): NewMessage {
  return {
    _id: randomUUID(),
    sessionId,
    turnId,
    role,
    content,
    createdAt: new Date(),
    status: null,
    phase: null,
    seedId: null,
    evaluationPassed: null,
    durationMs: null,
    usage: null,
    error: null,
    ...meta,
  };
}

/** How a turn ended, from what the agent threw and why its signal aborted. */
export function classify(
  err: unknown,
  signal: AbortSignal,
): { status: TurnStatus; error: string | null } {
  if (signal.aborted && signal.reason instanceof TurnCancelledError) {
    return { status: 'CANCELLED', error: null };
  }
  if (signal.aborted) return { status: 'FAILED', error: describe(signal.reason) };
  return { status: 'FAILED', error: describe(err) };
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
