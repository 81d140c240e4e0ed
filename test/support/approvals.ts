/**
 * Shared by the approval and memory tests: the GraphQL documents they send, and an
 * event stream that a test awaits event by event (bounded), instead of sleeping.
 */
import type { Client } from 'graphql-ws';
import type { EventItem, EventsData } from './operations.js';
import { post } from './server.js';

const APPROVAL_FIELDS = `id sessionId turnId toolCallId toolName toolArgs reason status
  requestedAt expiresAt resolvedAt resolvedBy decisionReason`;

/** SESSION_EVENTS plus the approval events and MemoryEvent.memoryId. */
export const APPROVAL_EVENTS = /* GraphQL */ `
  subscription Events($sessionId: ID!, $afterSeq: Int) {
    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
      __typename
      ... on TurnEvent { seq sessionId turnId at }
      ... on TokenEvent { content }
      ... on ToolStartEvent { toolCallId toolName toolArgs }
      ... on ToolProgressEvent { toolCallId toolName progress }
      ... on ToolEndEvent { toolCallId toolName isError outputSummary }
      ... on MemoryEvent { action query count source memoryId }
      ... on ToolApprovalRequestEvent { approvalId toolCallId toolName toolArgs reason expiresAt }
      ... on ToolApprovalResolvedEvent { approvalId toolCallId decision resolvedBy reason }
      ... on DoneEvent { status reply error toolCalls { toolCallId toolName isError } }
    }
  }
`;

export const RESOLVE = /* GraphQL */ `
  mutation Resolve($id: ID!, $approve: Boolean!, $reason: String) {
    resolveToolApproval(id: $id, approve: $approve, reason: $reason) { ${APPROVAL_FIELDS} }
  }
`;

export const TOOL_APPROVAL = /* GraphQL */ `
  query Approval($id: ID!) { toolApproval(id: $id) { ${APPROVAL_FIELDS} } }
`;

export const SESSION_STATE = /* GraphQL */ `
  query State($id: ID!) { session(id: $id) { id status pendingApprovals { ${APPROVAL_FIELDS} } } }
`;

export const MEMORIES = /* GraphQL */ `
  query Memories($query: String) {
    memories(first: 50, query: $query) {
      totalCount
      edges { node { id content sessionId turnId createdAt } }
    }
  }
`;

export const DELETE_MEMORY = 'mutation($id: ID!) { deleteMemory(id: $id) }';
export const CANCEL = 'mutation($id: ID!) { cancelChat(turnId: $id) }';

/** How long any one awaited event may take before the test fails saying what it saw. */
export const EVENT_TIMEOUT_MS = 10_000;

export interface EventStream {
  /** Every event received so far, in order. */
  readonly events: EventItem[];
  /** The first event (already received or still to come) that matches; bounded. */
  next(match: (e: EventItem) => boolean, what: string, timeoutMs?: number): Promise<EventItem>;
  /** The DoneEvent of this turn. */
  done(turnId: string): Promise<EventItem>;
  close(): void;
}

export const isA = (type: string) => (e: EventItem) => e.__typename === type;

/** A sessionEvents subscription that keeps every event and lets the test await one. */
export function watchEvents(client: Client, sessionId: string, afterSeq = 0): EventStream {
  const events: EventItem[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown = null;
  const wakeAll = () => {
    for (const wake of waiters) wake();
  };
  const unsubscribe = client.subscribe<EventsData>(
    { query: APPROVAL_EVENTS, variables: { sessionId, afterSeq } },
    {
      next: (item) => {
        if (item.errors) failure = new Error(JSON.stringify(item.errors));
        else events.push(item.data!.sessionEvents);
        wakeAll();
      },
      error: (error) => {
        failure = error;
        wakeAll();
      },
      complete: () => undefined,
    },
  );
  const next: EventStream['next'] = (match, what, timeoutMs = EVENT_TIMEOUT_MS) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (found || failure) {
          clearTimeout(timer);
          waiters.delete(check);
          if (found) resolve(found);
          else reject(failure);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const seen = events.map((e) => e.__typename).join(' ');
        reject(new Error(`no ${what} within ${timeoutMs} ms; saw: ${seen}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    events,
    next,
    done: (turnId) =>
      next((e) => e.__typename === 'DoneEvent' && e.turnId === turnId, `DoneEvent of ${turnId}`),
    close: unsubscribe,
  };
}

/**
 * The turn's approval request; a turn that ends first fails the test at once, with its
 * DoneEvent (status, error) in the message.
 */
export async function approvalRequestOf(stream: EventStream, turnId: string): Promise<EventItem> {
  const first = await stream.next(
    (e) =>
      e.turnId === turnId &&
      (e.__typename === 'ToolApprovalRequestEvent' || e.__typename === 'DoneEvent'),
    `approval request of ${turnId}`,
  );
  if (first.__typename === 'DoneEvent')
    throw new Error(`the turn ended before asking: ${JSON.stringify(first)}`);
  return first;
}

/** startChat at `url` with these headers; returns the turn id (throws on an error). */
export async function startTurn(
  url: string,
  sessionId: string,
  content: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const { body } = await post(
    url,
    {
      query: 'mutation($input: SendChatInput!) { startChat(input: $input) { id } }',
      variables: { input: { sessionId, content } },
    },
    headers,
  );
  if (body.errors) throw new Error(`startChat failed: ${JSON.stringify(body.errors)}`);
  return body.data.startChat.id as string;
}

/** The error code of a GraphQL result's first error, if any. */
export const codeOf = (result: { errors?: readonly any[] }) =>
  result.errors?.[0]?.extensions?.code as string | undefined;
