/**
 * Turns session events into audit entries (the original's kernel_event_to_audit_action,
 * seeds/003) and appends them in order, in the background: recording never blocks a
 * turn and never throws into it; failures are logged.
 *
 * Entries are written in batches (one chained insert each): a turn's entries wait for
 * its exit, or at most LINGER_MS, and go out together with whatever else gathered, so
 * a turn costs the trail one write instead of one per entry. An entry that ends a turn
 * or stands alone (access denied, a memory deleted, a session changed) goes out at
 * once. A crash loses at most what waited for LINGER_MS; shutdown flushes.
 *
 * Entries hold ids, names, counts and statuses only, never message content, reply text,
 * token text, reasoning text, tool arguments or output, a memory, a recall query (its
 * length) or an approval's reason. Approvals are entries of their own (APPROVAL_REQUESTED,
 * APPROVAL_RESOLVED: approval id, tool, decision, who).
 * Token events get no entry each: they are counted per turn and the count goes into
 * the turn's AGENT_EXIT entry.
 */
import type { Logger } from 'pino';
import { BatchWriter } from '../lib/batch-writer.js';
import type { SessionEvent } from '../model/events.js';
import { entryOf, type OpenTurn } from './entries.js';
import { type AuditLog, type NewAuditEntry, sessionResource } from './log.js';

/** How long a running turn's entries wait for more before they are written anyway. */
const LINGER_MS = 1000;

export interface AuditRecorderOptions {
  now?: () => Date;
  /** Entries waiting to be written (the batch in flight not counted) before new ones are dropped (a database outage). */
  maxPending?: number;
  /** Turns tracked at once; a turn whose `done` never came is forgotten past this. */
  maxOpenTurns?: number;
}

export class AuditRecorder {
  private readonly turns = new Map<string, OpenTurn>();
  /** Entries waiting to be written, in order; its size is what maxPending bounds. */
  private readonly writes: BatchWriter<NewAuditEntry>;
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
    this.writes = new BatchWriter((batch) => this.write(batch), { lingerMs: LINGER_MS });
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
          const spawn = { ...base, action: 'AGENT_SPAWN', detail: { turnId: event.turnId } };
          this.enqueue(spawn, false);
        }
      }
      const ends = event.type === 'done';
      if (ends) this.turns.delete(event.turnId);
      const mapped = entryOf(event, turn);
      if (mapped) this.enqueue({ ...base, ...mapped }, ends);
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
    return this.writes.flush();
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

  /** `urgent`: written now with what gathered; else it may wait for its turn's exit. */
  private enqueue(entry: NewAuditEntry, urgent = true): void {
    if (this.writes.size >= this.maxPending) {
      this.dropped += 1;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.logger.error({ dropped: this.dropped }, 'audit: backlog full; entries dropped');
      }
      return;
    }
    this.writes.add(entry, urgent);
  }

  /** Never rejects: a failed batch is logged, and the entries behind it still go. */
  private async write(batch: NewAuditEntry[]): Promise<void> {
    try {
      await this.log.appendMany(batch);
    } catch (err) {
      const actions = [...new Set(batch.map((e) => e.action))];
      this.logger.error({ err, entries: batch.length, actions }, 'audit: append failed');
    }
  }
}
