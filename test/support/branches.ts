/** The message-tree operations for tests, and a wait for a started turn's DoneEvent. */

import type { Client } from 'graphql-ws';
import { expect } from 'vitest';
import type { TestServer } from './server.js';

export const BRANCH = /* GraphQL */ `
  query Branch($id: ID!) {
    session(id: $id) {
      id activeLeafId messageCount usage { inputTokens outputTokens }
      queuedTurns { id sessionId }
      messages(first: 50) {
        totalCount
        edges { node { id role content parentId turnId status siblingIndex siblingCount siblings { id content } toolCalls { toolName } } }
      }
    }
  }
`;

const TURN = 'id sessionId status firstSeq';
export const REGENERATE = `mutation($id: ID!, $onBusy: BusyPolicy) { regenerateReply(messageId: $id, onBusy: $onBusy) { ${TURN} } }`;
export const EDIT = `mutation($id: ID!, $content: String!, $onBusy: BusyPolicy) { editMessage(messageId: $id, content: $content, onBusy: $onBusy) { ${TURN} } }`;
export const SWITCH = 'mutation($id: ID!) { switchBranch(messageId: $id) { id activeLeafId } }';
export const FORK = `mutation($id: ID!, $title: String) {
  forkSession(messageId: $id, title: $title) {
    id userId title messageCount activeLeafId usage { inputTokens outputTokens }
    toolCalls(first: 50) { totalCount edges { node { turnId toolName } } }
    messages(first: 50) { totalCount edges { node { id role content parentId turnId toolCalls { toolName } } } }
  }
}`;

export interface BranchMessage {
  id: string;
  role: 'USER' | 'AGENT';
  content: string;
  parentId: string | null;
  turnId: string;
  status: string | null;
  siblingIndex: number;
  siblingCount: number;
  siblings: { id: string; content: string }[];
}

export interface Branch {
  id: string;
  userId?: string;
  activeLeafId: string | null;
  messageCount: number;
  usage: { inputTokens: number; outputTokens: number };
  queuedTurns: { id: string; sessionId: string }[];
  messages: (BranchMessage & { toolCalls: { toolName: string }[] })[];
}

export async function branchOf(
  server: TestServer,
  sessionId: string,
  headers = {},
): Promise<Branch> {
  const r = await server.gql<any>(BRANCH, { id: sessionId }, headers);
  expect(r.errors).toBeUndefined();
  const session = r.data!.session;
  return {
    ...session,
    messages: session.messages.edges.map((e: any) => e.node) as BranchMessage[],
  };
}

const DONE = /* GraphQL */ `
  subscription Done($sessionId: ID!, $afterSeq: Int) {
    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
      __typename
      ... on TurnEvent { seq turnId }
      ... on DoneEvent { status reply }
    }
  }
`;

const clients = new WeakMap<TestServer, Client>();

/** Resolves with the DoneEvent of the turn a ChatTurn describes (replayed from firstSeq). */
export async function doneOf(
  server: TestServer,
  turn: { id: string; sessionId: string; firstSeq: number },
) {
  let client = clients.get(server);
  if (!client) {
    client = server.wsClient();
    clients.set(server, client);
  }
  type Done = { status: string; reply: string; seq: number; turnId: string };
  // The matching event itself: more may arrive after stop() (messages already in flight).
  return new Promise<Done>((resolve, reject) => {
    const stop = client.subscribe<any>(
      { query: DONE, variables: { sessionId: turn.sessionId, afterSeq: turn.firstSeq - 1 } },
      {
        next: (r) => {
          if (r.errors) reject(new Error(JSON.stringify(r.errors)));
          const event = r.data?.sessionEvents;
          if (event?.__typename === 'DoneEvent' && event.turnId === turn.id) {
            stop();
            resolve(event);
          }
        },
        error: reject,
        complete: () => reject(new Error(`completed before the DoneEvent of ${turn.id}`)),
      },
    );
  });
}
