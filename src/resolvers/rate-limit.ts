/**
 * RATE_LIMITED for a chat over the user's budget. The limiter is a service the
 * composition root builds (services/chat-rate-limiter.ts); this only asks it.
 */
import type { Context } from './context.js';
import { codedError } from './errors.js';

/** Called by startTurn before anything is stored. */
export async function checkChatRate(ctx: Context): Promise<void> {
  const refusal = await ctx.services.chatRateLimiter.consume(ctx.viewer.userId);
  if (!refusal) return;
  const { retryAfterMs, limit } = refusal;
  throw codedError(
    'RATE_LIMITED',
    `at most ${limit} chats per minute; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
    { retryAfterMs, limit },
  );
}
