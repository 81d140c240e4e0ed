/**
 * DataLoaders over the Store: one set per request, and one per subscription event
 * (see resolvers/loaders.ts for how a resolver picks the right set). Each batch
 * function returns results in key order, as DataLoader requires.
 */
import DataLoader from 'dataloader';
import type { MessageDoc, SessionDoc, ToolCallDoc } from '../model/documents.js';
import { createPageLoader, type PageKey } from './page-loaders.js';
import type { Store } from './store.js';

export type { PageKey } from './page-loaders.js';

export interface Loaders {
  session: DataLoader<string, SessionDoc | null>;
  toolCallsOfTurn: DataLoader<string, ToolCallDoc[]>;
  /** A page of a session's messages (Session.messages). */
  messagePage: DataLoader<PageKey, MessageDoc[], string>;
  messageCount: DataLoader<string, number>;
  /** A page of a session's tool calls (Session.toolCalls). */
  toolCallPage: DataLoader<PageKey, ToolCallDoc[], string>;
  toolCallCount: DataLoader<string, number>;
}

/**
 * Each loader is made on first use: most operations touch one or two of them, and a
 * subscription's context keeps its set for as long as the subscription lives.
 */
class LazyLoaders implements Loaders {
  private made: Partial<Loaders> = {};

  constructor(private readonly store: Store) {}

  get session() {
    this.made.session ??= new DataLoader(async (ids: readonly string[]) => {
      const byId = new Map((await this.store.getSessions(ids)).map((s) => [s._id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    return this.made.session;
  }

  get toolCallsOfTurn() {
    this.made.toolCallsOfTurn ??= new DataLoader(async (turnIds: readonly string[]) => {
      const byTurn = new Map<string, ToolCallDoc[]>(turnIds.map((id) => [id, []]));
      for (const call of await this.store.toolCallsOfTurns(turnIds))
        byTurn.get(call.turnId)?.push(call);
      return turnIds.map((id) => byTurn.get(id) ?? []);
    });
    return this.made.toolCallsOfTurn;
  }

  get messageCount() {
    this.made.messageCount ??= new DataLoader((ids) => this.store.countMessagesOf(ids));
    return this.made.messageCount;
  }

  get messagePage() {
    this.made.messagePage ??= createPageLoader({
      pagesOf: (ids, page) => this.store.messagePagesOf(ids, page),
      pageOf: (id, page) => this.store.listMessages(id, page),
      counts: this.messageCount,
    });
    return this.made.messagePage;
  }

  get toolCallCount() {
    this.made.toolCallCount ??= new DataLoader((ids) => this.store.countToolCallsOf(ids));
    return this.made.toolCallCount;
  }

  get toolCallPage() {
    this.made.toolCallPage ??= createPageLoader({
      pagesOf: (ids, page) => this.store.toolCallPagesOf(ids, page),
      pageOf: (id, page) => this.store.listToolCalls(id, page),
      counts: this.toolCallCount,
    });
    return this.made.toolCallPage;
  }
}

export function createLoaders(store: Store): Loaders {
  return new LazyLoaders(store);
}
