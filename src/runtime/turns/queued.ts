/**
 * Queued turns survive their instance: from startChat until it holds the session
 * lease, a turn is a record in the store (turn id, session, user, message, owner,
 * expiry) that its instance renews like a lease. From the lease on, the lease
 * covers it (orphans.ts). A record whose instance died is closed by whoever holds
 * the session's lease next, in arrival order, as closeOrphanedTurn closes a running
 * turn: the user message and a FAILED "interrupted" agent message (the history stays
 * paired), and a DoneEvent at the next seq, published.
 */
import type { QueuedTurnDoc } from '../../model/documents.js';
import type { Store } from '../../store/store.js';
import { expireApprovalsOfTurn } from '../approvals/expire.js';
import { INTERRUPTED } from '../errors.js';
import { closeOrphanedTurn } from './orphans.js';
import { newMessage } from './outcome.js';
import type { EventLog } from './turn.js';
import type { TurnOutcome, TurnRequest } from './types.js';

/** This instance's records: written at start, renewed while waiting, claimed at the lease. */
export class QueuedTurns {
  private readonly waiting = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  async add(turnId: string, sessionId: string, req: TurnRequest): Promise<void> {
    const at = new Date();
    const until = new Date(at.getTime() + this.leaseMs);
    const { userId, content } = req;
    const branch = req.placement ? true : undefined;
    const record = { _id: turnId, sessionId, userId, content, branch };
    await this.store.queuedTurns.add({ ...record, owner: this.owner, at, until });
    this.waiting.add(turnId);
    this.timer ??= setInterval(() => this.renew(), this.leaseMs / 3).unref();
  }

  /**
   * The turn holds the lease: its record goes. False when the record was gone, i.e.
   * another instance closed the turn (this one looked dead): it must not run then.
   */
  claim(turnId: string): Promise<boolean> {
    this.forget(turnId);
    return this.store.queuedTurns.remove(turnId);
  }

  /** A cancelled turn that waits (anywhere) leaves the line; failing to say so changes nothing else. */
  async markCancelled(turnId: string): Promise<void> {
    await this.store.queuedTurns.markCancelled(turnId).catch(() => undefined);
  }

  /** True while the turn waits here (its record must not be closed as dead). */
  has(turnId: string): boolean {
    return this.waiting.has(turnId);
  }

  /** Stops renewing (the turn ended here, claimed or not: an unclaimed record expires). */
  forget(turnId: string): void {
    this.waiting.delete(turnId);
    if (this.waiting.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private renew(): void {
    const until = new Date(Date.now() + this.leaseMs);
    // A failed renewal is retried on the next tick; expiry is the backstop.
    this.store.queuedTurns.renew([...this.waiting], until).catch(() => undefined);
  }
}

/** What start()'s `done` gives for such a turn: what its DoneEvent said. */
export function interruptedOutcome(turnId: string, sessionId: string): TurnOutcome {
  const usage = { inputTokens: 0, outputTokens: 0 };
  return {
    turnId,
    sessionId,
    status: 'FAILED',
    reply: '',
    error: INTERRUPTED,
    durationMs: 0,
    usage,
    toolCalls: [],
    result: {},
  };
}

/** The expired lease's turn and owner, and the seq after which its events are. */
export interface Orphan {
  turnId: string;
  owner: string;
  afterSeq: number;
}

/**
 * Closes the session's dead turns; the caller holds the lease. Dead: the expired
 * lease's turn (`orphan`), then (in arrival order) records that expired or belong to
 * the expired lease's owner (it stopped renewing), unless the turn waits `here`
 * (alive, whatever its record says). Returns the next free seq.
 */
export async function closeDeadTurns(
  log: EventLog,
  here: QueuedTurns,
  sessionId: string,
  nextSeq: number,
  orphan?: Orphan,
): Promise<number> {
  const now = new Date();
  const records = await log.store.queuedTurns.of(sessionId);
  const own = orphan && records.find((r) => r._id === orphan.turnId);
  if (orphan && !own) {
    // Nobody can answer for a dead turn any more: its waiting approvals expire first.
    await expireApprovalsOfTurn(log.store, orphan.turnId, `the turn was ${INTERRUPTED}`);
    nextSeq = await closeOrphanedTurn(log, sessionId, orphan.turnId, orphan.afterSeq, nextSeq);
  }
  for (const record of records) {
    // A record of the lease's turn: it died before it claimed, so it never wrote.
    const isDead = record === own || record.until <= now || record.owner === orphan?.owner;
    if (isDead && !here.has(record._id)) nextSeq = await closeQueuedTurn(log, record, nextSeq);
  }
  return nextSeq;
}

/**
 * Each step may have been done by a closer that died half-way: the user message is
 * added unless it is the last one, closeOrphanedTurn adds the agent message unless
 * stored and finds a stored DoneEvent (the last event), and the record goes last.
 */
async function closeQueuedTurn(
  log: EventLog,
  record: QueuedTurnDoc,
  nextSeq: number,
): Promise<number> {
  const { store } = log;
  const { _id: turnId, sessionId } = record;
  const [last] = await store.messages.list(sessionId, { limit: 1, fromEnd: true });
  if (last?.turnId !== turnId && !record.branch) {
    await store.appendMessage(newMessage(sessionId, turnId, 'USER', record.content));
  }
  const next = await closeOrphanedTurn(log, sessionId, turnId, Math.max(0, nextSeq - 2), nextSeq);
  await store.queuedTurns.remove(turnId);
  return next;
}
