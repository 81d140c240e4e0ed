/**
 * Group commit for a background trail: items gather and go out together in one write.
 * An urgent item (or flush()) sends what gathered at once; otherwise the batch waits
 * up to `lingerMs` for more. One write at a time, in order: what arrives while one is
 * in flight goes in the next. `write` must not throw (it logs its own failures).
 */
export interface BatchWriterOptions {
  /** How long a non-urgent item may wait for company. */
  lingerMs: number;
}

export class BatchWriter<T> {
  private pending: T[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly opts: BatchWriterOptions,
  ) {}

  /** Items waiting to be written (the one in flight not counted). */
  get size(): number {
    return this.pending.length;
  }

  add(item: T, urgent: boolean): void {
    this.pending.push(item);
    if (urgent) this.start();
    else this.timer ??= setTimeout(() => this.start(), this.opts.lingerMs).unref();
  }

  /** Resolves once everything added so far is written. */
  async flush(): Promise<void> {
    this.start();
    while (this.running) await this.running;
  }

  private start(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || this.pending.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // Added after the loop's last look but before this ran: nobody else will send it.
      this.start();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await this.write(batch);
    }
  }
}
