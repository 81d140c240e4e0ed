/**
 * Writes a turn's events to the event log, then publishes them: an event is never
 * published before it is stored, so replay + live can neither miss nor repeat one.
 * Writes are group-committed: while one insertMany is in flight, new events gather
 * and go out together in the next one, so a fast token stream costs a few round
 * trips, not one per token, and a slow database batches more instead of queueing.
 */
import type { Store } from '../store/store.js';
import type { EventBus } from './bus.js';
import type { SessionEvent } from './events.js';

export class EventLogWriter {
  private pending: SessionEvent[] = [];
  private inFlight: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly onPublished: (event: SessionEvent) => void = () => {},
  ) {}

  /** Queues an event; throws the storage error once a write has failed. */
  write(event: SessionEvent): void {
    if (this.failure) throw this.failure;
    this.pending.push(event);
    this.inFlight ??= this.drain();
  }

  /** Resolves when everything written so far is stored and published; rejects on a storage error. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.failure) throw this.failure;
  }

  get failed(): unknown {
    return this.failure;
  }

  private async drain(): Promise<void> {
    // Let the agent's synchronous burst of emits gather before the first write.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.store.appendEvents(batch);
        for (const event of batch) {
          this.bus.publish(event);
          this.onPublished(event);
        }
      }
    } catch (error) {
      this.failure = error;
      this.pending = [];
    } finally {
      this.inFlight = null;
    }
  }
}
