/**
 * The sidebar's (and the activity view's) list of sessions: the `sessions` page first,
 * then every SessionUpdate applied to it, newest first. Pure, like turn-state.ts.
 */
import type { SessionSummaryFragment } from './gql/graphql.js';

export type SessionItem = SessionSummaryFragment;

export interface SessionUpdateLike<S extends SessionItem = SessionItem> {
  change: string;
  sessionId: string;
  session?: S | null;
}

const newestFirst = (a: SessionItem, b: SessionItem) => b.updatedAt.localeCompare(a.updatedAt);

export function sortSessions<S extends SessionItem>(sessions: S[]): S[] {
  return [...sessions].sort(newestFirst);
}

/** CREATED and UPDATED replace the session's entry (or add it); DELETED removes it. */
export function applyUpdate<S extends SessionItem>(
  sessions: S[],
  update: SessionUpdateLike<S>,
): S[] {
  const others = sessions.filter((s) => s.id !== update.sessionId);
  if (update.change === 'DELETED' || !update.session) return others;
  return sortSessions([...others, update.session]);
}

/** What the sidebar says a session is doing, in words (and the CSS class it gets). */
export function statusLabel(status: string): string {
  if (status === 'AWAITING_APPROVAL') return 'awaiting approval';
  if (status === 'RUNNING') return 'running';
  return 'idle';
}
