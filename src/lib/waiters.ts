/** Callers waiting for one condition: each gets a promise, all resolve at once when it holds. */
export class Waiters {
  private pending: (() => void)[] | undefined;

  wait(): Promise<void> {
    this.pending ??= [];
    const pending = this.pending;
    return new Promise((resolve) => pending.push(resolve));
  }

  /** Resolves everyone waiting so far. */
  release(): void {
    const pending = this.pending;
    this.pending = undefined;
    for (const resolve of pending ?? []) resolve();
  }
}
