/**
 * Records session changes in the viewer feed (sessionUpdates): stored, then published,
 * like events. Lifecycle changes are told directly (created by the runner, renamed,
 * deleted, pruned); a turn's changes are heard from the event bus on the instance that
 * stored the event (a tap, as for the audit trail): a turn started or ended, a tool
 * call waits for a decision or got one. This instance records its changes one at a
 * time, in the order they happened. A change that cannot be recorded (the database is
 * away) is logged and dropped: a feed is a notice, the session itself holds the truth.
 */
import type { Logger } from 'pino';
import { SerialQueue } from '../../lib/keyed-queue.js';
import type { SessionDoc } from '../../model/documents.js';
import type { SessionEvent } from '../../model/events.js';
import type { SessionChange, SessionStatus } from '../../model/feed.js';
import type { RemovedSession, Store } from '../../store/store.js';
import type { FeedBus } from './feed-bus.js';

/** The status a turn's event leaves its session in; undefined: the event changes none. */
function statusAfter(event: SessionEvent): SessionStatus | undefined {
  switch (event.type) {
    case 'turnStarted':
    case 'toolApprovalResolved':
      return 'RUNNING';
    case 'toolApprovalRequest':
      return 'AWAITING_APPROVAL';
    case 'done':
      return 'IDLE';
    default:
      return undefined;
  }
}

/**
 * The snapshot a turn's change records: none when the session is gone, or was deleted
 * (and maybe re-created) since the event: the change is of one that is gone.
 */
function snapshotFor(session: SessionDoc | null, event: SessionEvent) {
  if (!session || session.incarnation !== (event.incarnation ?? session.incarnation)) return;
  return { userId: session.userId, session };
}

export class SessionFeed {
  private readonly serial = new SerialQueue();

  constructor(
    private readonly store: Store,
    private readonly bus: FeedBus,
    private readonly logger: Logger,
  ) {}

  created(session: SessionDoc): void {
    this.record('CREATED', session._id, 'IDLE', async () => ({ userId: session.userId, session }));
  }

  /** A change whose status the session document tells (or that leaves it as it was): read live. */
  updated(session: SessionDoc): void {
    this.record('UPDATED', session._id, null, async () => ({ userId: session.userId, session }));
  }

  deleted(sessions: readonly RemovedSession[]): void {
    for (const { id, userId } of sessions) {
      this.record('DELETED', id, null, async () => ({ userId, session: null }));
    }
  }

  /**
   * The event bus tap: a turn's events that change its session's status, read live.
   * A DoneEvent comes through settled() instead, with the session its turn left.
   */
  heard(event: SessionEvent): void {
    const status = statusAfter(event);
    if (status === undefined || event.type === 'done') return;
    this.record('UPDATED', event.sessionId, status, async () =>
      snapshotFor(await this.store.getSession(event.sessionId), event),
    );
  }

  /** A turn ended (its DoneEvent about to be published): the session as it left it. */
  settled(event: SessionEvent, session: SessionDoc | null): void {
    this.record('UPDATED', event.sessionId, 'IDLE', async () => snapshotFor(session, event));
  }

  /** Resolves once every change told so far is recorded (or dropped). */
  flush(): Promise<void> {
    return this.serial.run(async () => undefined);
  }

  private record(
    change: SessionChange,
    sessionId: string,
    status: SessionStatus | null,
    /** Whose session, and its snapshot (null: deleted); undefined: nothing to report. */
    snapshot: () => Promise<{ userId: string; session: SessionDoc | null } | undefined>,
  ): void {
    this.serial
      .run(async () => {
        const found = await snapshot();
        if (!found) return;
        const update = await this.store.sessionUpdates.append({
          ...found,
          sessionId,
          change,
          at: new Date(),
          status,
        });
        this.bus.publish(update);
      })
      .catch((err) => this.logger.warn({ err, sessionId, change }, 'session update not recorded'));
  }
}
