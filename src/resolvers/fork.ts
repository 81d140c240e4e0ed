/**
 * forkSession: a new session of the same user holding the branch from the root to a
 * message, as copies with new ids (messages, and the tool calls of the copied turns,
 * each turn a new id too, so a copy never shares a turn with its original); its usage
 * is the copied replies' usage. The original is not touched. The fork's tool calls keep
 * their order as seqs 1..n, and its own events start after them.
 */
import { randomUUID } from 'node:crypto';
import type { MessageDoc, SessionDoc, TokenUsage, ToolCallDoc } from '../model/documents.js';
import { messagesInOrder } from '../runtime/branches/branch-history.js';
import { newSessionDoc } from '../store/store.js';
import { messageToChange } from './branch-mutations.js';
import { treeOf } from './branches.js';
import type { Context } from './context.js';
import { checkedTitle } from './session-mutations.js';

export async function forkSession(
  ctx: Context,
  messageId: string,
  title: string | null | undefined,
): Promise<SessionDoc> {
  const trimmed = title == null ? undefined : checkedTitle(title);
  const { store } = ctx.services;
  const { session: original } = await messageToChange(ctx, messageId, 'forkSession');
  const path = (await treeOf(ctx, original._id)).pathTo(messageId);
  const branch = await messagesInOrder(
    store,
    path.map((node) => node._id),
  );
  const calls = await store.toolCallsOfTurns([...new Set(branch.map((m) => m.turnId))]);

  const sessionId = randomUUID();
  const turnIds = new Map(branch.map((m) => [m.turnId, randomUUID()]));
  const messages = copyMessages(branch, sessionId, turnIds);
  const toolCalls = calls
    .filter((call) => branch.some((m) => m.role === 'AGENT' && m.turnId === call.turnId))
    .map(
      (call, i): ToolCallDoc => ({
        ...call,
        _id: randomUUID(),
        sessionId,
        turnId: turnIds.get(call.turnId) as string,
        seq: i + 1,
      }),
    );
  const now = new Date();
  const fork: SessionDoc = {
    ...newSessionDoc({
      id: sessionId,
      userId: original.userId,
      projectId: original.projectId,
      title: trimmed ?? original.title,
      metadata: original.metadata,
      now,
    }),
    titleLocked: trimmed !== undefined || original.titleLocked,
    messageCount: messages.length,
    usage: usageOf(messages),
    nextSeq: toolCalls.length + 1,
    activeLeafId: messages.at(-1)?._id ?? null,
  };
  await store.insertToolCalls(toolCalls);
  await store.tree.insertCopy(fork, messages);
  ctx.services.auditRecorder.recordSessionChange(ctx.viewer.userId, sessionId, 'forkSession', {
    fromSessionId: original._id,
    messageId,
    messages: messages.length,
  });
  ctx.services.sessionCreated(fork);
  return fork;
}

/** The branch as the fork's own line: new ids, seqs 1..n, each the parent of the next. */
function copyMessages(
  branch: MessageDoc[],
  sessionId: string,
  turnIds: Map<string, string>,
): MessageDoc[] {
  let parentId: string | null = null;
  return branch.map((message, i) => {
    const copy: MessageDoc = {
      ...message,
      _id: randomUUID(),
      sessionId,
      turnId: turnIds.get(message.turnId) as string,
      seq: i + 1,
      parentId,
    };
    parentId = copy._id;
    return copy;
  });
}

function usageOf(messages: MessageDoc[]): TokenUsage {
  const usage = { inputTokens: 0, outputTokens: 0 };
  for (const m of messages) {
    usage.inputTokens += m.usage?.inputTokens ?? 0;
    usage.outputTokens += m.usage?.outputTokens ?? 0;
  }
  return usage;
}
