/**
 * sendChat / startChat / cancelChat: input checks, then the turn runner.
 * Nothing is stored for input that fails a check.
 */
import { SessionBusyError, SessionNotFoundError, ShuttingDownError } from '../runtime/errors.js';
import type { StartedTurn, TurnOutcome } from '../runtime/turns/runner.js';
import type { BusyPolicy, TurnPlacement } from '../runtime/turns/types.js';

export type { BusyPolicy, StartedTurn };

import { deniedAsNotFound, recordTurnDenial } from './access.js';
import type { Context } from './context.js';
import { badUserInput, codedError, notFound, redisUnavailableAsCoded } from './errors.js';
import { checkChatRate } from './rate-limit.js';

/** The original API's limit on one message: 64 KiB of UTF-8. */
export const MAX_CONTENT_BYTES = 64 * 1024;
const MAX_ID_LENGTH = 128;

export interface SendChatInput {
  content: string;
  sessionId?: string | null;
  projectId?: string | null;
  onBusy?: BusyPolicy | null;
}

export function validateChatInput(input: SendChatInput): void {
  const size = Buffer.byteLength(input.content, 'utf8');
  if (size > MAX_CONTENT_BYTES) {
    throw codedError(
      'PAYLOAD_TOO_LARGE',
      `content is ${size} bytes of UTF-8; the limit is ${MAX_CONTENT_BYTES}`,
      { size, limit: MAX_CONTENT_BYTES },
    );
  }
  if (input.content.trim() === '') throw badUserInput('content must not be empty');
  for (const field of ['sessionId', 'projectId'] as const) {
    const value = input[field];
    if (value != null && (value.trim() === '' || value.length > MAX_ID_LENGTH)) {
      throw badUserInput(`${field} must be 1 to ${MAX_ID_LENGTH} characters`, { field });
    }
  }
}

/** Starts a turn for checked input; `placement` puts it in the message tree (branches.ts). */
export async function startTurn(
  ctx: Context,
  input: SendChatInput,
  placement?: TurnPlacement,
): Promise<StartedTurn> {
  validateChatInput(input);
  // After the input checks (a refused message costs no quota), before anything is stored.
  await checkChatRate(ctx);
  try {
    return await ctx.services.runner.start({
      userId: ctx.viewer.userId,
      content: input.content,
      sessionId: input.sessionId,
      projectId: input.projectId,
      onBusy: input.onBusy ?? 'ENQUEUE',
      placement,
    });
  } catch (error) {
    throw mapTurnError(ctx, error);
  }
}

/** What startChat, regenerateReply and editMessage answer (a ChatTurn); the outcome goes to events. */
export function chatTurnOf(turn: StartedTurn) {
  turn.done.catch(() => undefined); // reported through events
  return {
    id: turn.turnId,
    sessionId: turn.sessionId,
    status: 'RUNNING' as const,
    firstSeq: turn.firstSeq,
  };
}

/** sendChat: waits for the turn and answers with the original API's ChatReply shape. */
export async function sendChat(ctx: Context, input: SendChatInput) {
  const turn = await startTurn(ctx, input);
  const outcome = await turn.done.catch((error) => {
    throw mapTurnError(ctx, error);
  });
  return chatReply(input, turn, outcome);
}

export function chatReply(input: SendChatInput, turn: StartedTurn, outcome: TurnOutcome) {
  return {
    id: outcome.turnId,
    echo: input.content,
    reply: outcome.reply,
    error: outcome.error,
    sessionId: outcome.sessionId,
    projectId: turn.session.projectId,
    status: outcome.status,
    phase: outcome.result.phase ?? null,
    projectTag: outcome.result.projectTag ?? null,
    seedId: outcome.result.seedId ?? null,
    evaluationPassed: outcome.result.evaluationPassed ?? null,
    durationMs: outcome.durationMs,
    usage: outcome.usage,
    toolCalls: outcome.toolCalls,
    session: outcome.session ?? null,
  };
}

export async function cancelChat(ctx: Context, turnId: string): Promise<boolean> {
  const outcome = await ctx.services.runner.cancel(turnId, ctx.viewer.userId).catch((error) => {
    throw redisUnavailableAsCoded(error);
  });
  if (outcome === 'denied') recordTurnDenial(ctx, turnId, 'cancelChat');
  return outcome === 'cancelled';
}

function mapTurnError(ctx: Context, error: unknown): unknown {
  if (error instanceof SessionNotFoundError) {
    return error.foreign
      ? deniedAsNotFound(ctx, error.sessionId, 'sendChat')
      : notFound('session', error.sessionId);
  }
  if (error instanceof ShuttingDownError) return codedError('SHUTTING_DOWN', error.message);
  if (error instanceof SessionBusyError) {
    const why = error.rejected ? { onBusy: 'REJECT' } : { queueLimit: error.queueLimit };
    return codedError('SESSION_BUSY', error.message, why);
  }
  return redisUnavailableAsCoded(error, 'onBusy: INTERRUPT could not reach the running turn');
}
