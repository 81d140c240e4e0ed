/** createChatTicket: a one-time credential for opening a WebSocket (or SSE) connection. */
import { randomBytes } from 'node:crypto';
import type { Context } from './context.js';

export const TICKET_TTL_MS = 30_000;

export async function createChatTicket(ctx: Context): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + TICKET_TTL_MS);
  const { userId, isAdmin } = ctx.viewer;
  await ctx.services.tickets.create({ _id: ticket, userId, isAdmin, expiresAt });
  return { ticket, expiresAt };
}
