/** What a session subscription yields, and how one is asked for (subscription.ts). */
import type { SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';
import type { EventBus } from './bus.js';

export type SubscriptionItem =
  | { kind: 'event'; event: SessionEvent }
  | { kind: 'lagged'; lastSeq: number; bufferLimit: number }
  /** The session this subscription followed was deleted (its id may be in use again). */
  | { kind: 'gone'; sessionId: string }
  /** Events lastSeq+1 .. nextSeq-1 are missing from the event log and will not come. */
  | { kind: 'gap'; lastSeq: number; nextSeq: number };

export interface SubscribeOptions {
  store: Store;
  bus: EventBus;
  sessionId: string;
  /**
   * The incarnation of the session followed, as read when subscribing; undefined for a
   * session stored before incarnations existed. Ignored when `ahead`.
   */
  incarnation?: string;
  /** The session did not exist when subscribing: follow the first incarnation seen. */
  ahead?: boolean;
  /** Absent: live events only. n: every stored event with seq > n first. */
  afterSeq?: number | null;
  bufferLimit: number;
  stallMs: number;
  /** Events read from the log per round trip when catching up. */
  pageSize?: number;
}
