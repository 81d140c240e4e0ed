/**
 * SessionUpdate.cursor: opaque to clients; inside, which feed it belongs to (a user's
 * or everyone's), the update's position in it and when it was stored. The time lets a
 * cursor be checked without the log: older than the retention window, what follows it
 * may be pruned.
 */
import type { SessionUpdateDoc } from '../model/feed.js';
import { type FeedScope, positionIn } from '../store/store.js';
import { badUserInput } from './errors.js';

export interface FeedCursor {
  allUsers: boolean;
  position: number;
  at: number;
}

export function encodeFeedCursor(scope: FeedScope, update: SessionUpdateDoc): string {
  const kind = 'allUsers' in scope ? 'a' : 'u';
  const text = `${kind}:${positionIn(scope, update)}:${update.at.getTime()}`;
  return Buffer.from(text).toString('base64url');
}

export function decodeFeedCursor(cursor: string): FeedCursor {
  const match = /^([au]):(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badUserInput('after is not a sessionUpdates cursor', { argument: 'after' });
  return { allUsers: match[1] === 'a', position: Number(match[2]), at: Number(match[3]) };
}
