/**
 * DataLoaders over the Store: one set per request. Each batch function returns
 * results in key order, as DataLoader requires.
 */
import DataLoader from 'dataloader';
import type { SessionDoc, ToolCallDoc } from './documents.js';
import type { Store } from './store.js';

export interface Loaders {
  session: DataLoader<string, SessionDoc | null>;
  toolCallsOfTurn: DataLoader<string, ToolCallDoc[]>;
}

export function createLoaders(store: Store): Loaders {
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
  };
}
