/** The runtime's own failures, GraphQL-agnostic; resolvers map them to error codes. */

/** The error of a turn closed because its instance died (its DoneEvent and agent message). */
export const INTERRUPTED = 'interrupted';

/** The abort of a turn whose queue record another instance closed before it got the lease. */
export class TurnClosedElsewhereError extends Error {
  constructor() {
    super(INTERRUPTED);
  }
}

export class SessionBusyError extends Error {
  constructor(
    readonly sessionId: string,
    readonly queueLimit: number,
    /** True: refused because any turn runs or waits (onBusy: REJECT), not for a full queue. */
    readonly rejected = false,
  ) {
    super(
      rejected
        ? `session ${sessionId} has a turn running or waiting (onBusy: REJECT)`
        : `session ${sessionId} already has ${queueLimit} turns waiting`,
    );
  }
}

export class SessionNotFoundError extends Error {
  /** `foreign`: the session exists but is another user's (callers must not show the difference). */
  constructor(
    readonly sessionId: string,
    readonly foreign = false,
  ) {
    super(`session ${sessionId} not found`);
  }
}

/** What a cancel request found: `denied` is another user's turn (shown as `unknown`). */
export type CancelOutcome = 'cancelled' | 'unknown' | 'denied';

/** A turn asked for while the server shuts down (see TurnRunner.drain). */
export class ShuttingDownError extends Error {
  constructor() {
    super('the server is shutting down; retry on another instance or shortly');
  }
}

/** The abort reason of a turn cancelled by cancelChat. */
export class TurnCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

/** The abort reason of a turn whose lease was taken by another instance. */
export class LeaseLostError extends Error {
  constructor() {
    super('lease lost');
    this.name = 'AbortError';
  }
}

/** Redis, which carries requests between instances, does not answer (see turns/registry.ts). */
export class RedisUnavailableError extends Error {
  constructor() {
    super('other instances cannot be reached while Redis is unavailable; retry shortly');
  }
}
