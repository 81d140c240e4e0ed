/**
 * A turn's view of its session's history when the session has branches: only the
 * branch the turn is on (root to the message it answers), so an agent never reads a
 * reply from a branch the user left or a message they edited away.
 */
import type { MessageDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import { MessageTree } from './tree.js';

/**
 * The messages before `messageId` on its branch, oldest first, at most `limit` (the
 * newest); null when the history up to it is the whole session, in one line (read by
 * seq): the session never branched and the message is its newest. A regenerate answers
 * an older message: its branch ends there, even on a session that has not branched yet.
 */
export async function branchBefore(
  store: Store,
  sessionId: string,
  messageId: string,
  limit: number,
): Promise<MessageDoc[] | null> {
  const session = await store.getSession(sessionId);
  if (!session || (!session.branched && session.activeLeafId === messageId)) return null;
  const tree = new MessageTree(await store.tree.nodes(sessionId));
  const ids = tree
    .pathTo(messageId)
    .slice(0, -1)
    .slice(-limit)
    .map((node) => node._id);
  return messagesInOrder(store, ids);
}

/** These messages, in this order (store.tree.byIds answers in any); missing ones left out. */
export async function messagesInOrder(store: Store, ids: readonly string[]): Promise<MessageDoc[]> {
  const byId = new Map((await store.tree.byIds(ids)).map((m) => [m._id, m]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
