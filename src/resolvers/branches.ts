/**
 * What a session shows of its message tree (runtime/branches/tree.ts): the active
 * branch, root to leaf, paged like any series, and each message's versions. A session
 * that never branched is one line: its messages are read by seq as before, with no walk.
 */
import type { MessageDoc, MessageNode, SessionDoc } from '../model/documents.js';
import { MessageTree } from '../runtime/branches/tree.js';
import { pageOf } from '../store/keyset.js';
import type { KeysetPage } from '../store/store.js';
import type { Context } from './context.js';
import { type ExecutionInfo, loadersFor } from './loaders.js';
import { countSeries, listSeries } from './sessions.js';

const versusSeq = (item: { seq: number }, key: number) => item.seq - key;

/**
 * One tree per loaded node list: a page of messages asks for it three times each
 * (siblings, siblingIndex, siblingCount), and the loader hands out the same list.
 */
const trees = new WeakMap<readonly MessageNode[], MessageTree>();

export async function treeOf(ctx: Context, sessionId: string, info?: ExecutionInfo) {
  const nodes = await loadersFor(ctx, info).messageNodes.load(sessionId);
  let tree = trees.get(nodes);
  if (!tree) {
    tree = new MessageTree(nodes);
    trees.set(nodes, tree);
  }
  return tree;
}

/** These messages through the loader, in this order; missing ones left out. */
async function messagesById(ctx: Context, ids: readonly string[], info?: ExecutionInfo) {
  const docs = await loadersFor(ctx, info).message.loadMany(ids);
  return docs.filter((d): d is MessageDoc => d !== null && !(d instanceof Error));
}

/** The last message of the branch in view; null for a session without messages. */
export async function activeLeafOf(
  ctx: Context,
  session: SessionDoc,
  info?: ExecutionInfo,
): Promise<string | null> {
  if (session.activeLeafId != null) return session.activeLeafId;
  if (session.messageCount === 0) return null;
  const [newest] = await listSeries(ctx, session, 'messages', { limit: 1, fromEnd: true }, info);
  return newest?._id ?? null;
}

async function activeBranch(ctx: Context, session: SessionDoc, info?: ExecutionInfo) {
  const leaf = await activeLeafOf(ctx, session, info);
  const tree = await treeOf(ctx, session._id, info);
  // A leaf that is not there (its insert failed after the session named it): the newest.
  const end = leaf && tree.has(leaf) ? leaf : tree.newest?._id;
  return end ? tree.pathTo(end) : [];
}

/** A page of the active branch (Session.messages). */
export async function branchPage(
  ctx: Context,
  session: SessionDoc,
  page: KeysetPage<number>,
  info?: ExecutionInfo,
): Promise<MessageDoc[]> {
  if (!session.branched) return listSeries(ctx, session, 'messages', page, info);
  const nodes = pageOf(await activeBranch(ctx, session, info), page, versusSeq);
  return messagesById(
    ctx,
    nodes.map((n) => n._id),
    info,
  );
}

export async function branchLength(
  ctx: Context,
  session: SessionDoc,
  info?: ExecutionInfo,
): Promise<number> {
  if (!session.branched) return countSeries(ctx, session, 'messages', info);
  return (await activeBranch(ctx, session, info)).length;
}

export interface Versions {
  /** The other versions, oldest first. */
  siblings: MessageDoc[];
  index: number;
  count: number;
}

/** The replies to (or versions under) the message's parent: Message.siblings and its position. */
export async function versionsOf(
  ctx: Context,
  message: MessageDoc,
  info?: ExecutionInfo,
): Promise<Versions> {
  const session = await loadersFor(ctx, info).session.load(message.sessionId);
  if (!session?.branched) return { siblings: [], index: 0, count: 1 };
  const versions = (await treeOf(ctx, message.sessionId, info)).versionsOf(message._id);
  const index = versions.findIndex((v) => v._id === message._id);
  const others = versions.filter((v) => v._id !== message._id).map((v) => v._id);
  const siblings = await messagesById(ctx, others, info);
  return { siblings, index: Math.max(index, 0), count: Math.max(versions.length, 1) };
}

/** Message.parentId: as stored, or (a message from before branches) the one before it. */
export async function parentOf(
  ctx: Context,
  message: MessageDoc,
  info?: ExecutionInfo,
): Promise<string | null> {
  if (message.parentId !== undefined) return message.parentId;
  return (await treeOf(ctx, message.sessionId, info)).parentOf(message._id);
}
