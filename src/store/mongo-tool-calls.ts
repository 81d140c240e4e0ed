/**
 * Tool calls as stored by the MongoDB store: each document also carries `ordinal`,
 * its position in the session's trajectory (1, 2, 3... in seq order). Tool-call
 * seqs are event seqs, so they have gaps; batched paging (mongo-pages.ts) needs a
 * number without gaps to find each session's page end in one query. Reads hide it.
 *
 * Invariant: within a session, ordinal grows with seq. The turn runner inserts a
 * turn's calls after every earlier call of the session (seqs only grow), which just
 * appends. Calls inserted out of seq order (possible through the Store API) first
 * shift the later calls' ordinals up to make room. Both run through a per-session
 * queue, so two inserts of one session never number from the same state; across
 * instances the session lease already keeps one turn per session at a time.
 */

import type { KeyedQueue } from '../lib/keyed-queue.js';
import type { ToolCallDoc } from '../model/documents.js';
import type { Collections } from './mongo-collections.js';

/** Read projection: the ordinal stays inside the store. */
export const hideOrdinal = { ordinal: 0 } as const;

export async function insertToolCalls(
  c: Collections,
  queue: KeyedQueue,
  calls: readonly ToolCallDoc[],
): Promise<void> {
  const bySession = new Map<string, ToolCallDoc[]>();
  for (const call of calls)
    bySession.set(call.sessionId, [...(bySession.get(call.sessionId) ?? []), call]);
  await Promise.all(
    [...bySession].map(([sessionId, list]) =>
      queue.run(sessionId, () =>
        insertRanked(
          c,
          sessionId,
          list.sort((a, b) => a.seq - b.seq),
        ),
      ),
    ),
  );
}

async function insertRanked(
  c: Collections,
  sessionId: string,
  calls: ToolCallDoc[],
): Promise<void> {
  const last = await c.toolCalls.findOne(
    { sessionId },
    { sort: { seq: -1 }, projection: { seq: 1, ordinal: 1 } },
  );
  if (!last || calls[0]!.seq > last.seq) {
    const base = last?.ordinal ?? 0;
    const ranked = calls.map((call, i) => ({ ...call, ordinal: base + i + 1 }));
    await c.toolCalls.insertMany(ranked, { ordered: true });
    return;
  }
  for (const call of calls) {
    const previous = await c.toolCalls.findOne(
      { sessionId, seq: { $lt: call.seq } },
      { sort: { seq: -1 }, projection: { ordinal: 1 } },
    );
    await c.toolCalls.updateMany({ sessionId, seq: { $gte: call.seq } }, { $inc: { ordinal: 1 } });
    await c.toolCalls.insertOne({ ...call, ordinal: (previous?.ordinal ?? 0) + 1 });
  }
}
