/** GraphQL documents shared by several tests. */

export const SESSION_EVENTS = /* GraphQL */ `
  subscription Events($sessionId: ID!, $afterSeq: Int) {
    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
      __typename
      ... on TurnEvent { seq sessionId turnId at }
      ... on TokenEvent { content }
      ... on ToolStartEvent { toolCallId toolName toolArgs }
      ... on ToolProgressEvent { toolCallId toolName progress }
      ... on ToolEndEvent { toolCallId toolName durationMs isError outputSummary }
      ... on MemoryEvent { action query count source }
      ... on UsageEvent { inputTokens outputTokens }
      ... on ReasoningEvent { content source }
      ... on DoneEvent { status reply error turnDurationMs: durationMs toolCalls { toolCallId toolName } }
    }
  }
`;

export const SEND_CHAT = /* GraphQL */ `
  mutation Send($input: SendChatInput!) {
    sendChat(input: $input) {
      id echo reply sessionId projectId status durationMs
      usage { inputTokens outputTokens }
      toolCalls { toolCallId toolName toolArgs outputSummary isError }
      session { id messageCount title }
    }
  }
`;

export const START_CHAT = /* GraphQL */ `
  mutation Start($input: SendChatInput!) {
    startChat(input: $input) { id sessionId status firstSeq }
  }
`;

export const SESSION = /* GraphQL */ `
  query Session($id: ID!) {
    session(id: $id) {
      id userId title messageCount usage { inputTokens outputTokens }
      messages(first: 50) {
        totalCount
        edges { cursor node { id role content turnId status toolCalls { toolName } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
      toolCalls(first: 50) {
        totalCount
        edges { node { toolCallId turnId toolName toolArgs outputSummary durationMs isError startedAt } }
      }
    }
  }
`;

export interface EventItem {
  __typename: string;
  seq: number;
  sessionId: string;
  turnId: string;
  [field: string]: unknown;
}

export type EventsData = { sessionEvents: EventItem };
