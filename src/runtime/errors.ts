/** The runtime's own failures, GraphQL-agnostic; resolvers map them to error codes. */

export class SessionBusyError extends Error {
  constructor(
    readonly sessionId: string,
    readonly queueLimit: number,
  ) {
    super(`session ${sessionId} already has ${queueLimit} turns waiting`);
  }
}

export class SessionNotFoundError extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} not found`);
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
