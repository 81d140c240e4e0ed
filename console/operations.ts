/**
 * Every GraphQL operation the console sends, typed by codegen (console/gql/, from
 * schema.graphql: `npm run console:codegen`). A schema change that breaks one of them
 * breaks `npm run typecheck`.
 */
import { graphql } from './gql/index.js';

/** What the sidebar and the activity view show of a session. */
export const SessionSummary = graphql(`
  fragment SessionSummary on Session {
    id
    userId
    title
    status
    messageCount
    updatedAt
    usage { inputTokens outputTokens }
    pendingApprovals { id }
  }
`);

export const SessionList = graphql(`
  query SessionList {
    sessions(first: 100) {
      edges { node { ...SessionSummary } }
    }
  }
`);

/** The viewer's own feed (sidebar), resumable with `after`. */
export const SessionFeed = graphql(`
  subscription SessionFeed($after: String) {
    sessionUpdates(after: $after) {
      cursor
      change
      sessionId
      at
      session { ...SessionSummary }
    }
  }
`);

/** Every user's sessions (admins): the activity view and its counters. */
export const ActivityFeed = graphql(`
  subscription ActivityFeed($after: String) {
    sessionUpdates(after: $after, allUsers: true) {
      cursor
      change
      sessionId
      at
      session {
        ...SessionSummary
        toolCalls(last: 10) { edges { node { toolCallId toolName isError } } }
      }
    }
  }
`);

export const Conversation = graphql(`
  query Conversation($id: ID!) {
    session(id: $id) {
      id
      title
      status
      lastEventSeq
      messages(last: 50) {
        edges {
          node {
            id
            role
            content
            turnId
            status
            error
            durationMs
            usage { inputTokens outputTokens }
            toolCalls { toolCallId toolName toolArgs outputSummary durationMs isError }
          }
        }
      }
      pendingApprovals { id turnId toolCallId toolName toolArgs reason expiresAt }
    }
  }
`);

/** Every field of every event the conversation view draws. */
export const TurnEvents = graphql(`
  subscription TurnEvents($sessionId: ID!, $afterSeq: Int) {
    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
      __typename
      ... on TurnEvent { seq turnId at }
      ... on TurnStartedEvent { userMessage { id content } }
      ... on ReasoningEvent { content source }
      ... on TokenEvent { content }
      ... on ToolStartEvent { toolCallId toolName toolArgs }
      ... on ToolProgressEvent { toolCallId progress }
      ... on ToolEndEvent { toolCallId toolName durationMs isError outputSummary }
      ... on MemoryEvent { action query count source memoryId }
      ... on UsageEvent { inputTokens outputTokens }
      ... on ToolApprovalRequestEvent { approvalId toolCallId toolName toolArgs reason expiresAt }
      ... on ToolApprovalResolvedEvent { approvalId toolCallId decision resolvedBy }
      ... on DoneEvent { status reply error durationMs }
    }
  }
`);

export const StartTurn = graphql(`
  mutation StartTurn($input: SendChatInput!) {
    startChat(input: $input) { id sessionId firstSeq status }
  }
`);

export const CancelTurn = graphql(`
  mutation CancelTurn($turnId: ID!) {
    cancelChat(turnId: $turnId)
  }
`);

export const ResolveApproval = graphql(`
  mutation ResolveApproval($id: ID!, $approve: Boolean!) {
    resolveToolApproval(id: $id, approve: $approve) { id status resolvedBy }
  }
`);

export const DeleteSession = graphql(`
  mutation DeleteSession($id: ID!) {
    deleteSession(id: $id)
  }
`);

export const CreateTicket = graphql(`
  mutation CreateTicket {
    createChatTicket { ticket expiresAt }
  }
`);

/** Admins only: anyone else gets FORBIDDEN, which is how the page tells. */
export const AuditTrail = graphql(`
  query AuditTrail {
    auditTrail(last: 50) {
      totalCount
      edges { node { seq at actor action resource detail hash } }
    }
  }
`);

export const VerifyAudit = graphql(`
  query VerifyAudit {
    verifyAuditTrail { valid checked brokenAtSeq }
  }
`);
