/**
 * Session pruning for the MongoDB store: the TTL rule, then the max-sessions rule,
 * each session removed with everything it owns. Without transactions, a session is
 * deleted only if it is unchanged since it was picked (same updatedAt), so one that
 * gets a new message meanwhile survives.
 *
 * The max rule is per user: one user's new sessions never push out another's. For
 * every user it costs one $group over the sessions, then one bounded query per user
 * over the limit; scoped to one user (after their turn) only that user's query, on the
 * user_recent index.
 */
import type { Collections } from './mongo-collections.js';
import type { PruneRules, RemovedSession } from './store.js';

/** Bounds the size of the `$in` lists sent in one delete. */
const CHUNK = 500;

const projection = { _id: 1, userId: 1, updatedAt: 1 } as const;

interface Picked {
  _id: string;
  userId: string;
  updatedAt: Date;
}

export async function pruneSessions(c: Collections, rules: PruneRules): Promise<RemovedSession[]> {
  const removed: RemovedSession[] = [];
  const scope = rules.userId === undefined ? {} : { userId: rules.userId };
  if (rules.ttlHours > 0) {
    const cutoff = new Date(rules.now.getTime() - rules.ttlHours * 3_600_000);
    const idle = await c.sessions
      .find({ ...scope, updatedAt: { $lt: cutoff } }, { projection })
      .toArray();
    removed.push(...(await removeUnchanged(c, idle)));
  }
  if (rules.maxSessions > 0) {
    const users =
      rules.userId === undefined ? await usersOver(c, rules.maxSessions) : [rules.userId];
    for (const userId of users) {
      const surplus = await c.sessions
        .find({ userId }, { projection })
        .sort({ updatedAt: -1, _id: -1 })
        .skip(rules.maxSessions)
        .toArray();
      removed.push(...(await removeUnchanged(c, surplus)));
    }
  }
  return removed;
}

/** Users with more than `max` sessions (FerretDB 1.24 runs $group and $match). */
async function usersOver(c: Collections, max: number): Promise<string[]> {
  const over = await c.sessions
    .aggregate<{ _id: string }>([
      { $group: { _id: '$userId', sessions: { $sum: 1 } } },
      { $match: { sessions: { $gt: max } } },
    ])
    .toArray();
  return over.map((row) => row._id);
}

async function removeUnchanged(c: Collections, picked: Picked[]): Promise<RemovedSession[]> {
  const removed: RemovedSession[] = [];
  for (const { _id, userId, updatedAt } of picked) {
    const { deletedCount } = await c.sessions.deleteOne({ _id, updatedAt });
    if (deletedCount === 1) removed.push({ id: _id, userId });
  }
  await deleteOwned(
    c,
    removed.map((r) => r.id),
  );
  return removed;
}

/**
 * Deletes the messages, tool calls, events, queued turns and approvals of these
 * sessions; the users' memories stay (they are the user's, not the session's).
 */
export async function deleteOwned(c: Collections, sessionIds: readonly string[]): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += CHUNK) {
    const filter = { sessionId: { $in: sessionIds.slice(i, i + CHUNK) } };
    await Promise.all([
      c.messages.deleteMany(filter),
      c.toolCalls.deleteMany(filter),
      c.events.deleteMany(filter),
      c.queuedTurns.deleteMany(filter),
      c.approvals.deleteMany(filter),
      c.approvalDecisions.deleteMany(filter),
    ]);
  }
}
