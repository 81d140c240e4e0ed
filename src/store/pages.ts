/**
 * Keyset pages and the per-session series (a session's messages, its tool calls)
 * every Store keeps: what a page asks for and what a batched read answers.
 */
import type { MessageDoc, ToolCallDoc } from '../model/documents.js';

/**
 * One page of a keyset (cursor) pagination. `after`/`before` are the sort keys of
 * the cursor items (exclusive). `fromEnd` reads the page from the end of the order
 * backwards (for `last`), and the result then comes back in reverse order, nearest
 * to the end first; callers flip it.
 */
export interface KeysetPage<K> {
  after?: K | null;
  before?: K | null;
  limit: number;
  fromEnd?: boolean;
}

/** Sessions are listed newest `updatedAt` first; `_id` breaks ties. */
export interface SessionKey {
  updatedAt: Date;
  id: string;
}

/** Memories are listed newest first; `_id` breaks ties. */
export interface MemoryKey {
  createdAt: Date;
  id: string;
}

/** One session's page from a batched read. */
export interface SessionPage<T> {
  items: T[];
  /**
   * How many items lie between the page's `after` and `before` (all the session's
   * items when it has neither): lets a loader answer totalCount without a query.
   */
  inRange: number;
}

/** The per-session series a Store keeps, by name, and the item of each. */
export interface SeriesItems {
  /** The session's history, by message seq (1, 2, 3...). */
  messages: MessageDoc;
  /** The session's tool-call trajectory, by the seq of each call's start event. */
  toolCalls: ToolCallDoc;
}

export type SeriesName = keyof SeriesItems;

/**
 * A session's items in seq order, paged by keyset on seq: one implementation per
 * store serves messages and tool calls alike.
 */
export interface SessionSeries<T> {
  /** One page of the session's items. */
  list(sessionId: string, page: KeysetPage<number>): Promise<T[]>;
  count(sessionId: string): Promise<number>;
  /**
   * `list` for several sessions with the same page, in a constant number of round
   * trips (for DataLoader): one result per id, in id order.
   */
  pagesOf(sessionIds: readonly string[], page: KeysetPage<number>): Promise<SessionPage<T>[]>;
  /** `count` for several sessions in one round trip, in id order. */
  countsOf(sessionIds: readonly string[]): Promise<number[]>;
}

export type StoreSeries = { readonly [N in SeriesName]: SessionSeries<SeriesItems[N]> };
