/**
 * Turns session events into audit entries (the original's kernel_event_to_audit_action,
 * seeds/003) and appends them in order, in the background: recording never blocks a
 * turn and never throws into it; failures are logged.
 *
 * Entries hold ids, names, counts and statuses only, never message content, reply text,
 * token text, reasoning text, tool arguments or output, a memory, a recall query (its
 * length) or an approval's reason. Approvals are entries of their own (APPROVAL_REQUESTED,
 * APPROVAL_RESOLVED: approval id, tool, decision, who).
 * Token events get no entry each: they are counted per turn and the count goes into
 * the turn's AGENT_EXIT entry.
 */
import type { Logger } from 'pino';
import { SerialQueue } from '../lib/keyed-queue.js';
import type { SessionEvent } from '../model/events.js';
import { entryOf, type OpenTurn } from './entries.js';
import { type AuditLog, type NewAuditEntry, sessionResource } from './log.js';

export interface AuditRecorderOptions {
  now?: () => Date;
  /** Entries waiting to be written before new ones are dropped (a database outage). */
  maxPending?: number;
  /** Turns tracked at once; a turn whose `done` never came is forgotten past this. */
  maxOpenTurns?: number;
}

export class AuditRecorder {
  private readonly turns = new Map<string, OpenTurn>();
  /** Entries waiting to be written, in order; its size is what maxPending bounds. */
  private readonly writes = new SerialQueue();
  private dropped = 0;
  private readonly now: () => Date;
  private readonly maxPending: number;
  private readonly maxOpenTurns: number;

  constructor(
    private readonly log: AuditLog,
    private readonly logger: Logger,
    opts: AuditRecorderOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.maxPending = opts.maxPending ?? 10_000;
    this.maxOpenTurns = opts.maxOpenTurns ?? 10_000;
  }

  record(event: SessionEvent): void {
    try {
      const base = {
        at: event.at,
        actor: `session:${event.sessionId}`,
        resource: sessionResource(event.sessionId),
      };
      let turn = this.turns.get(event.turnId);
      // A turn starts with its first event. A lone `done` (a crashed instance's turn,
      // closed on takeover) gets only its exit: the spawn was recorded where it ran.
      if (!turn) {
        turn = { tokens: 0, startedAt: event.at.getTime() };
        this.openTurn(event.turnId, turn);
        if (event.type !== 'done') {
          this.enqueue({ ...base, action: 'AGENT_SPAWN', detail: { turnId: event.turnId } });
        }
      }
      if (event.type === 'done') this.turns.delete(event.turnId);
      const mapped = entryOf(event, turn);
      if (mapped) this.enqueue({ ...base, ...mapped });
    } catch (err) {
      this.logger.error({ err, sessionId: event.sessionId }, 'audit: could not record an event');
    }
  }

  recordAccessDenied(userId: string, resource: string, reason: string): void {
    this.enqueue({
      at: this.now(),
      actor: `user:${userId}`,
      action: 'ACCESS_DENIED',
      detail: { reason },
      resource,
    });
  }

  /** A user deleted one of their memories (deleteMemory): its id, never its content. */
  recordMemoryDeleted(userId: string, memoryId: string): void {
    this.enqueue({
      at: this.now(),
      actor: `user:${userId}`,
      action: 'MEMORY_WRITE',
      detail: { memoryId, deleted: true },
      resource: `memory:${memoryId}`,
    });
  }

  /** A change of a session that no event tells (switchBranch, forkSession): ids, never content. */
  recordSessionChange(
    userId: string,
    sessionId: string,
    operation: string,
    detail: Record<string, string | number>,
  ): void {
    this.enqueue({
      at: this.now(),
      actor: `user:${userId}`,
      action: 'OTHER',
      detail: { operation, ...detail },
      resource: `session:${sessionId}`,
    });
  }

  /** Resolves once every entry recorded so far is written (or its failure logged). */
  flush(): Promise<void> {
    return this.writes.idle();
  }

  private openTurn(turnId: string, turn: OpenTurn): void {
    if (this.turns.size >= this.maxOpenTurns) {
      // Maps iterate in insertion order: the oldest open turn goes first.
      const oldest = this.turns.keys().next().value;
      if (oldest !== undefined) this.turns.delete(oldest);
      this.logger.warn({ turnId: oldest }, 'audit: too many open turns; forgot the oldest');
    }
    this.turns.set(turnId, turn);
  }

  private enqueue(entry: NewAuditEntry): void {
    if (this.writes.size >= this.maxPending) {
      this.dropped += 1;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.logger.error({ dropped: this.dropped }, 'audit: backlog full; entries dropped');
      }
      return;
    }
    // Never rejects: a failed append is logged, and the entries behind it still go.
    void this.writes.run(async () => {
      try {
        await this.log.append(entry);
      } catch (err) {
        this.logger.error(
          { err, action: entry.action, resource: entry.resource },
          'audit: append failed',
        );
      }
    });
  }
}
