/**
 * Whether a subscriber that is behind still takes what it is given. One timer per stall
 * period, not one per item taken (a fast reader takes thousands a second): when it
 * fires, a consumer that took something since it was armed, or is waiting for more,
 * gets another period; so a stalled one is cut off after stallMs to twice that.
 */
export interface StallHost {
  /** Over, or a consumer's next() is waiting: not stalling. */
  waitingOrOver(): boolean;
  /** Items are waiting for the consumer. */
  hasPending(): boolean;
  /** The consumer took nothing for a whole period while items waited. */
  stalled(): void;
}

export class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  /** Items handed to the consumer so far: the measure of progress. */
  private taken = 0;

  constructor(
    private readonly stallMs: number,
    private readonly host: StallHost,
  ) {}

  /** The consumer took an item. */
  took(): void {
    this.taken++;
  }

  arm(): void {
    if (this.timer) return;
    const takenBefore = this.taken;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.host.waitingOrOver()) return;
      if (this.taken !== takenBefore) {
        if (this.host.hasPending()) this.arm();
        return;
      }
      this.host.stalled();
    }, this.stallMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
