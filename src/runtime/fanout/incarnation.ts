/**
 * Which incarnation of a session a subscription follows (SessionDoc.incarnation):
 * events of another (a new session that reuses a deleted id) are never delivered, and
 * when its own is gone (deleted or pruned) the subscription ends with `gone`.
 */
import type { SessionEvent } from '../../model/events.js';
import type { Store } from '../../store/store.js';

/** What the watch tells the subscription it belongs to. */
export interface IncarnationHost {
  /** Ended already: nothing to look up. */
  isOver(): boolean;
  /** The incarnation followed is gone. */
  sessionGone(): void;
  /** A look-up ended without that: the subscription may go on. */
  sessionLookedUp(): void;
}

const incarnationOf = (event: SessionEvent) => event.incarnation ?? undefined;

export class IncarnationWatch {
  /** The incarnation followed; `known` is false until an ahead subscription sees one. */
  private incarnation: string | undefined;
  private known: boolean;
  /** Other incarnations' ids seen and found not to have replaced ours (leftovers). */
  private stale: Set<string | undefined> | undefined;
  /** The session is being looked up (after an end notice or a foreign event). */
  checking = false;
  /** An end notice came during a look-up that may have read the session before it. */
  private checkAgain = false;

  constructor(
    private readonly store: Store,
    private readonly sessionId: string,
    opts: { incarnation?: string; ahead?: boolean },
    private readonly host: IncarnationHost,
  ) {
    this.incarnation = opts.incarnation;
    this.known = !opts.ahead;
  }

  /** The session was deleted somewhere: is ours gone? */
  ended(): void {
    if (this.known) this.check();
  }

  /** Whether the event belongs to the incarnation followed; looks the session up if not. */
  follows(event: SessionEvent): boolean {
    const incarnation = incarnationOf(event);
    if (!this.known) {
      this.known = true;
      this.incarnation = incarnation;
    }
    if (incarnation === this.incarnation) return true;
    if (!this.stale?.has(incarnation)) this.check({ incarnation });
    return false;
  }

  /**
   * Looks the session up: when its incarnation is no longer ours, the subscription ends
   * with `gone`; otherwise `foreign` (the incarnation of an event that made us look) is
   * a leftover of an older session and is not looked up again.
   */
  private check(foreign?: { incarnation: string | undefined }): void {
    if (this.host.isOver()) return;
    if (this.checking) {
      if (!foreign) this.checkAgain = true;
      return;
    }
    this.checking = true;
    this.store.getSession(this.sessionId).then(
      (session) => {
        this.checking = false;
        if (!session || session.incarnation !== this.incarnation) {
          this.host.sessionGone();
          return;
        }
        if (foreign) {
          this.stale ??= new Set();
          this.stale.add(foreign.incarnation);
        }
        if (this.checkAgain) {
          this.checkAgain = false;
          this.check();
        }
        this.host.sessionLookedUp();
      },
      () => {
        // Unreachable store: the next foreign event or end notice asks again.
        this.checking = false;
        this.host.sessionLookedUp();
      },
    );
  }
}
