/**
 * The approvals this instance's turns wait for, by approval id: how a decision taken
 * here (or announced by another instance over the turn registry) wakes its turn at once
 * instead of at the turn's next poll of the store.
 */
export class ApprovalWaiters {
  private readonly waiting = new Map<string, () => void>();

  /** Registers the wake-up of a waiting approval; the returned function removes it. */
  add(approvalId: string, wake: () => void): () => void {
    this.waiting.set(approvalId, wake);
    return () => {
      if (this.waiting.get(approvalId) === wake) this.waiting.delete(approvalId);
    };
  }

  /** Wakes the turn waiting for this approval: false when none waits here. */
  wake(approvalId: string): boolean {
    const wake = this.waiting.get(approvalId);
    wake?.();
    return wake !== undefined;
  }

  get size(): number {
    return this.waiting.size;
  }
}
