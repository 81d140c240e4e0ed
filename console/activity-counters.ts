/**
 * The admin's live counters, computed from what the all-users feed delivers (nothing
 * else is asked of the server): running turns now, turns started and tokens used in the
 * last minute, and tool calls that ended in an error. Pure: `at` is the update's time.
 */
export interface Observed {
  sessionId: string;
  at: string;
  change: string;
  status?: string;
  tokens?: number;
  toolCalls?: { toolCallId: string; isError: boolean }[];
}

export interface Counters {
  /** Sessions whose last update said RUNNING or AWAITING_APPROVAL. */
  running: number;
  turnsPerMinute: number;
  tokensPerMinute: number;
  toolErrors: number;
}

export interface Tally {
  status: Map<string, string>;
  tokens: Map<string, number>;
  /** When a turn started (a session became RUNNING), newest last. */
  starts: number[];
  /** Tokens added, with when. */
  spent: { at: number; tokens: number }[];
  erroredCalls: Set<string>;
}

export const emptyTally = (): Tally => ({
  status: new Map(),
  tokens: new Map(),
  starts: [],
  spent: [],
  erroredCalls: new Set(),
});

const WINDOW_MS = 60_000;
const busy = (status: string | undefined) => status === 'RUNNING' || status === 'AWAITING_APPROVAL';

/** Folds one update into the tally (mutating it: it only grows, trimmed to the window). */
export function observe(tally: Tally, update: Observed): void {
  const at = Date.parse(update.at);
  const before = tally.status.get(update.sessionId);
  if (update.change === 'DELETED') {
    tally.status.delete(update.sessionId);
    tally.tokens.delete(update.sessionId);
    return;
  }
  if (update.status === 'RUNNING' && !busy(before)) tally.starts.push(at);
  if (update.status) tally.status.set(update.sessionId, update.status);
  if (update.tokens !== undefined) {
    const known = tally.tokens.get(update.sessionId);
    // The first sight of a session is its total so far, not tokens spent now.
    if (known !== undefined && update.tokens > known)
      tally.spent.push({ at, tokens: update.tokens - known });
    tally.tokens.set(update.sessionId, update.tokens);
  }
  for (const call of update.toolCalls ?? [])
    if (call.isError) tally.erroredCalls.add(call.toolCallId);
}

export function countersAt(tally: Tally, now: number): Counters {
  const since = now - WINDOW_MS;
  tally.starts = tally.starts.filter((t) => t > since);
  tally.spent = tally.spent.filter((s) => s.at > since);
  return {
    running: [...tally.status.values()].filter(busy).length,
    turnsPerMinute: tally.starts.length,
    tokensPerMinute: tally.spent.reduce((sum, s) => sum + s.tokens, 0),
    toolErrors: tally.erroredCalls.size,
  };
}
