/**
 * DataLoaders over the Store: one set per request, and one per subscription event
 * (see resolvers/loaders.ts for how a resolver picks the right set). Each batch
 * function returns results in key order, as DataLoader requires.
 */
import DataLoader from 'dataloader';
import type { MessageDoc, SessionDoc, ToolCallDoc } from './documents.js';
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

export function createLoaders(store: Store): Loaders {
  const messageCount = new DataLoader<string, number>((ids) => store.countMessagesOf(ids));
  const toolCallCount = new DataLoader<string, number>((ids) => store.countToolCallsOf(ids));
  return {
    session: new DataLoader(async (ids) => {
      const byId = new Map((await store.getSessions(ids)).map((s) => [s._id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    toolCallsOfTurn: new DataLoader(async (turnIds) => {
      const byTurn = new Map<string, ToolCallDoc[]>(turnIds.map((id) => [id, []]));
      for (const call of await store.toolCallsOfTurns(turnIds)) byTurn.get(call.turnId)?.push(call);
      return turnIds.map((id) => byTurn.get(id) ?? []);
    }),
    messagePage: createPageLoader({
      pagesOf: (ids, page) => store.messagePagesOf(ids, page),
      pageOf: (id, page) => store.listMessages(id, page),
      counts: messageCount,
    }),
    messageCount,
    toolCallPage: createPageLoader({
      pagesOf: (ids, page) => store.toolCallPagesOf(ids, page),
      pageOf: (id, page) => store.listToolCalls(id, page),
      counts: toolCallCount,
    }),
    toolCallCount,
  };
}
