/**
 * regenerateReply / editMessage / switchBranch / forkSession: the message tree's
 * operations (runtime/branches/tree.ts). Owner-only: another user's message looks
 * missing (NOT_FOUND, audited as ACCESS_DENIED). The two that answer with a turn go
 * through startTurn like sendChat (content checks, rate limit, lease, queue, onBusy).
 */
import type { MessageDoc, SessionDoc } from '../model/documents.js';
import { turnsOf } from '../runtime/turns/session-stop.js';
import type { BusyPolicy } from '../runtime/turns/types.js';
import { sessionToChange } from './access.js';
import { treeOf } from './branches.js';
import { startTurn } from './chat.js';
import type { Context } from './context.js';
import { badUserInput, codedError, notFound } from './errors.js';

interface Located {
  message: MessageDoc;
  session: SessionDoc;
}

/** The message and its session, if the viewer may change them; NOT_FOUND otherwise. */
export async function messageToChange(
  ctx: Context,
  id: string,
  attempted: string,
): Promise<Located> {
  const [message] = await ctx.services.store.tree.byIds([id]);
  if (!message) throw notFound('message', id);
  const session = await sessionToChange(ctx, message.sessionId, attempted).catch(() => {
    throw notFound('message', id); // the session's owner only; missing and foreign look alike
  });
  return { message, session };
}

function expectRole(message: MessageDoc, role: MessageDoc['role'], what: string): void {
  if (message.role !== role) {
    throw badUserInput(`messageId must be ${what}; ${message._id} is a ${message.role} message`, {
      argument: 'messageId',
    });
  }
}

/** An audit entry naming the operation and the ids (the turn's own events follow it). */
function audit(
  ctx: Context,
  session: SessionDoc,
  operation: string,
  detail: Record<string, string>,
): void {
  ctx.services.auditRecorder.recordSessionChange(ctx.viewer.userId, session._id, operation, detail);
}

/** A new turn answers the same user message; its reply becomes a sibling of this one. */
export async function regenerateReply(ctx: Context, id: string, onBusy?: BusyPolicy | null) {
  const { message, session } = await messageToChange(ctx, id, 'regenerateReply');
  expectRole(message, 'AGENT', 'an agent message');
  const tree = await treeOf(ctx, session._id);
  const [userMessage] = await ctx.services.store.tree.byIds([tree.parentOf(id) ?? '']);
  if (userMessage?.role !== 'USER') {
    throw badUserInput(`message ${id} answers no user message`, { argument: 'messageId' });
  }
  const input = { content: userMessage.content, sessionId: session._id, onBusy };
  const turn = await startTurn(ctx, input, { kind: 'regenerate', userMessage });
  audit(ctx, session, 'regenerateReply', { messageId: id, turnId: turn.turnId });
  return turn;
}

/** A new user message with the new content beside this one, and a turn that answers it. */
export async function editMessage(
  ctx: Context,
  id: string,
  content: string,
  onBusy?: BusyPolicy | null,
) {
  const { message, session } = await messageToChange(ctx, id, 'editMessage');
  expectRole(message, 'USER', 'a user message');
  const parentId = (await treeOf(ctx, session._id)).parentOf(id);
  const input = { content, sessionId: session._id, onBusy };
  const turn = await startTurn(ctx, input, { kind: 'edit', parentId });
  audit(ctx, session, 'editMessage', { messageId: id, turnId: turn.turnId });
  return turn;
}

/** Makes the branch through the message current: its newest descendant becomes the leaf. */
export async function switchBranch(ctx: Context, id: string): Promise<SessionDoc> {
  const { session } = await messageToChange(ctx, id, 'switchBranch');
  // A running turn appends to the branch it started on; moving the view under it would
  // hide its reply the moment it lands.
  if ((await turnsOf(ctx.services.store, session)).size > 0) {
    throw codedError('SESSION_BUSY', `session ${session._id} has a turn running or waiting`);
  }
  const leaf = (await treeOf(ctx, session._id)).newestLeafUnder(id);
  const switched = await ctx.services.store.tree.setActiveLeaf(session._id, leaf, new Date());
  if (!switched) throw notFound('message', id);
  audit(ctx, session, 'switchBranch', { messageId: id, activeLeafId: leaf });
  ctx.services.feed.updated(switched);
  return switched;
}
