/**
 * Memory recall over the session's history: the user's own earlier messages
 * (other turns) that contain every word of the query, case-insensitively.
 */
import type { MessageDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import { branchBefore } from '../branches/branch-history.js';
import type { HistoryScope } from '../tools/history.js';

const PAGE = 200;
/** Recall scans at most this many messages of history, newest first. */
const SCAN_LIMIT = 2000;

export async function recallMessages(
  store: Store,
  { sessionId, turnId, userMessageId }: HistoryScope,
  query: string,
): Promise<MessageDoc[]> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const matches = (message: MessageDoc) => {
    if (message.role !== 'USER' || message.turnId === turnId) return false;
    const text = message.content.toLowerCase();
    return words.every((w) => text.includes(w));
  };
  // A branched session: only the turn's own branch (oldest first already).
  const branch = await branchBefore(store, sessionId, userMessageId, SCAN_LIMIT);
  if (branch) return branch.filter(matches);
  const found: MessageDoc[] = [];
  let before: number | null = null;
  for (let scanned = 0; scanned < SCAN_LIMIT; scanned += PAGE) {
    const page = await store.messages.list(sessionId, { before, limit: PAGE, fromEnd: true });
    for (const message of page) if (matches(message)) found.push(message);
    if (page.length < PAGE) break;
    before = page[page.length - 1]!.seq;
  }
  // Oldest first reads naturally in a reply.
  return found.reverse();
}
