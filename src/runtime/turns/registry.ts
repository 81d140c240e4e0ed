/**
 * Where each turn runs, so cancelChat (and an approval's decision) reaches it from
 * any instance. Locally a turn is
 * found in the runner's own map; with Redis (redis-registry.ts), a key per turn names
 * its instance and the cancel request travels to that instance, which answers whether
 * it cancelled.
 *
 * A Redis outage never fails or holds up a turn: each Redis call is bounded
 * (REDIS_CALL_BOUND_MS; the connections also refuse commands at once while
 * disconnected), a turn whose key could not be written runs anyway and its key is
 * written once Redis is back (a key that could not be deleted is deleted then). Only
 * a cancel request for a turn on another instance needs Redis; during an outage it
 * fails with RedisUnavailableError (REDIS_UNAVAILABLE) rather than answer a guess.
 */
import type { CancelOutcome } from '../errors.js';

export type CancelHandler = (turnId: string, userId: string) => CancelOutcome;
/** Wakes the turn waiting here for this approval (approvals/waiters.ts). */
export type ApprovalNoticeHandler = (approvalId: string) => void;

export interface TurnRegistry {
  register(turnId: string, userId: string): Promise<void>;
  unregister(turnId: string): Promise<void>;
  /** Asks the instance running the turn to cancel it; `unknown` when no instance has it. */
  requestCancel(turnId: string, userId: string): Promise<CancelOutcome>;
  /** Installs this instance's handler for cancel requests from others. */
  onCancelRequest(handler: CancelHandler): Promise<void>;
  /**
   * Tells the instance running the turn that one of its approvals was decided. Best
   * effort: a notice lost with Redis only delays the turn until its next poll.
   */
  notifyApproval(turnId: string, approvalId: string): Promise<void>;
  /** Installs this instance's handler for approval notices (before onCancelRequest). */
  onApprovalNotice(handler: ApprovalNoticeHandler): void;
  close(): Promise<void>;
}

/** One instance: nothing to find elsewhere. */
export class LocalTurnRegistry implements TurnRegistry {
  async register(): Promise<void> {}
  async unregister(): Promise<void> {}
  async requestCancel(): Promise<CancelOutcome> {
    return 'unknown';
  }
  async onCancelRequest(): Promise<void> {}
  async notifyApproval(): Promise<void> {}
  onApprovalNotice(): void {}
  async close(): Promise<void> {}
}
