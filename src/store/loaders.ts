/**
 * DataLoaders over the Store: one set per request, and one per subscription event
 * (see resolvers/loaders.ts for how a resolver picks the right set). Each batch
 * function returns results in key order, as DataLoader requires.
 */
import DataLoader from 'dataloader';
import type {
  ApprovalDoc,
  MessageDoc,
  MessageNode,
  SessionDoc,
  ToolCallDoc,
} from '../model/documents.js';
import type { SeriesItems, SeriesName } from './pages.js';
import { LazySeriesLoaders, type SeriesLoaders } from './series-loaders.js';
import type { Store } from './store.js';

export type { PageKey, SeriesLoaders } from './series-loaders.js';

/** Pages and counts of a session's messages (Session.messages) and tool calls (Session.toolCalls). */
export type SeriesLoaderSet = { readonly [N in SeriesName]: SeriesLoaders<SeriesItems[N]> };

export interface Loaders extends SeriesLoaderSet {
  session: DataLoader<string, SessionDoc | null>;
  toolCallsOfTurn: DataLoader<string, ToolCallDoc[]>;
  /** PENDING approvals by session id, oldest first (Session.status, Session.pendingApprovals). */
  pendingApprovals: DataLoader<string, ApprovalDoc[]>;
  /** A session's messages as tree nodes, by session id (branches: resolvers/branches.ts). */
  messageNodes: DataLoader<string, MessageNode[]>;
  /** Messages by id (a branch's page, a message's siblings). */
  message: DataLoader<string, MessageDoc | null>;
}

/**
 * Each loader is made on first use: most operations touch one or two of them, and a
 * subscription's context keeps its set for as long as the subscription lives.
 */
class LazyLoaders implements Loaders {
  private made: Partial<
    Pick<Loaders, 'session' | 'toolCallsOfTurn' | 'pendingApprovals' | 'messageNodes' | 'message'>
  > = {};
  readonly messages: SeriesLoaders<MessageDoc>;
  readonly toolCalls: SeriesLoaders<ToolCallDoc>;

  constructor(private readonly store: Store) {
    this.messages = new LazySeriesLoaders(store.messages);
    this.toolCalls = new LazySeriesLoaders(store.toolCalls);
  }

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

  get pendingApprovals() {
    this.made.pendingApprovals ??= new DataLoader(async (sessionIds: readonly string[]) => {
      const bySession = new Map<string, ApprovalDoc[]>(sessionIds.map((id) => [id, []]));
      for (const approval of await this.store.approvals.pendingOfSessions(sessionIds))
        bySession.get(approval.sessionId)?.push(approval);
      return sessionIds.map((id) => bySession.get(id) ?? []);
    });
    return this.made.pendingApprovals;
  }

  get messageNodes() {
    this.made.messageNodes ??= new DataLoader((sessionIds: readonly string[]) =>
      Promise.all(sessionIds.map((id) => this.store.tree.nodes(id))),
    );
    return this.made.messageNodes;
  }

  get message() {
    this.made.message ??= new DataLoader(async (ids: readonly string[]) => {
      const byId = new Map((await this.store.tree.byIds(ids)).map((m) => [m._id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    return this.made.message;
  }
}

export function createLoaders(store: Store): Loaders {
  return new LazyLoaders(store);
}
