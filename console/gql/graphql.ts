/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date and time in UTC, e.g. 2026-01-31T12:00:00.000Z. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

/** Where a tool call's approval stands. */
export type ApprovalStatus =
  /** A person approved it; the tool ran (or runs). */
  | 'APPROVED'
  /** Nobody decided in time, or the turn ended (cancelled, interrupted) first; the tool did not run. */
  | 'EXPIRED'
  /** Waiting for a decision; the turn is paused before the tool runs. */
  | 'PENDING'
  /** A person rejected it; the tool did not run. */
  | 'REJECTED';

/** Conditions an entry must all meet; absent ones are not applied. */
export type AuditFilter = {
  /** Exactly this action, e.g. `TOOL_CALL`. */
  action?: InputMaybe<Scalars['String']['input']>;
  /** Exactly this actor, e.g. `user:alice`. */
  actor?: InputMaybe<Scalars['String']['input']>;
  /** At or after this time. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Entries about this session (resource `session:<id>`). */
  sessionId?: InputMaybe<Scalars['ID']['input']>;
  /** Before this time. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** What a new turn does when its session is busy (a turn runs or waits there). */
export type BusyPolicy =
  /** Wait in line (at most TURN_QUEUE_LIMIT turns wait). */
  | 'ENQUEUE'
  /** Cancel the running and waiting turns (each ends with its DoneEvent CANCELLED, the partial reply kept), then run. */
  | 'INTERRUPT'
  /** Fail at once with SESSION_BUSY; nothing is stored. */
  | 'REJECT';

/** What the agent did with its memory. */
export type MemoryAction =
  /** Looked up the user's memories or the session's earlier messages. */
  | 'RECALL'
  /** Kept something for later turns, in any session (see memoryId). */
  | 'STORE';

/** Who wrote a message. */
export type MessageRole =
  /** Written by the agent. */
  | 'AGENT'
  /** Sent by the user. */
  | 'USER';

/** A message for the agent (sendChat and startChat). */
export type SendChatInput = {
  /** The message: at most 64 KiB of UTF-8 (else PAYLOAD_TOO_LARGE), not blank. */
  content: Scalars['String']['input'];
  /** What happens when a turn runs or waits in the session already. */
  onBusy?: InputMaybe<BusyPolicy>;
  /** Groups sessions; set on the session when it is created. */
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** Absent: a new session is created. An id that does not exist yet creates it. */
  sessionId?: InputMaybe<Scalars['ID']['input']>;
};

/** What happened to a session. */
export type SessionChange =
  /** A new session (sendChat or startChat with a new id). */
  | 'CREATED'
  /** Deleted or pruned; `session` is null. */
  | 'DELETED'
  /** Renamed, a turn started or ended (status, messageCount, usage), a tool call waits for a decision or got one. */
  | 'UPDATED';

/** What a session is doing now. */
export type SessionStatus =
  /** A turn is paused until a person decides on a tool call (pendingApprovals). */
  | 'AWAITING_APPROVAL'
  /** No turn is running. */
  | 'IDLE'
  /** A turn is running. */
  | 'RUNNING';

/** Where a turn stands. RUNNING until its DoneEvent, which carries the final status. */
export type TurnStatus =
  /** cancelChat stopped the turn; the partial reply was kept. */
  | 'CANCELLED'
  /** The agent finished its reply. */
  | 'COMPLETED'
  /** The turn ended with an error (see `error`). */
  | 'FAILED'
  /** The agent is still working. */
  | 'RUNNING';

export type SessionSummaryFragment = { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> };

export type SessionListQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionListQuery = { __typename?: 'Query', sessions: { __typename?: 'SessionConnection', edges: Array<{ __typename?: 'SessionEdge', node: { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> } }> } };

export type SessionFeedSubscriptionVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SessionFeedSubscription = { __typename?: 'Subscription', sessionUpdates: { __typename?: 'SessionUpdate', cursor: string, change: SessionChange, sessionId: string, at: string, session?: { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> } | null } };

export type ActivityFeedSubscriptionVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ActivityFeedSubscription = { __typename?: 'Subscription', sessionUpdates: { __typename?: 'SessionUpdate', cursor: string, change: SessionChange, sessionId: string, at: string, session?: { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, toolCalls: { __typename?: 'ToolCallConnection', edges: Array<{ __typename?: 'ToolCallEdge', node: { __typename?: 'ToolCall', toolCallId: string, toolName: string, isError: boolean } }> }, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> } | null } };

export type ConversationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConversationQuery = { __typename?: 'Query', session?: { __typename?: 'Session', id: string, title?: string | null, status: SessionStatus, lastEventSeq: number, messages: { __typename?: 'MessageConnection', edges: Array<{ __typename?: 'MessageEdge', node: { __typename?: 'Message', id: string, role: MessageRole, content: string, turnId: string, status?: TurnStatus | null, error?: string | null, durationMs?: number | null, usage?: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number } | null, toolCalls: Array<{ __typename?: 'ToolCall', toolCallId: string, toolName: string, toolArgs?: unknown | null, outputSummary?: string | null, durationMs?: number | null, isError: boolean }> } }> }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string, turnId: string, toolCallId: string, toolName: string, toolArgs?: unknown | null, reason?: string | null, expiresAt: string }> } | null };

export type TurnEventsSubscriptionVariables = Exact<{
  sessionId: Scalars['ID']['input'];
  afterSeq?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TurnEventsSubscription = { __typename?: 'Subscription', sessionEvents:
    | { __typename: 'DoneEvent', seq: number, turnId: string, at: string, status: TurnStatus, reply: string, error?: string | null, durationMs: number }
    | { __typename: 'MemoryEvent', seq: number, turnId: string, at: string, action: MemoryAction, query?: string | null, count: number, source: string, memoryId?: string | null }
    | { __typename: 'ReasoningEvent', seq: number, turnId: string, at: string, content: string, source: string }
    | { __typename: 'TokenEvent', seq: number, turnId: string, at: string, content: string }
    | { __typename: 'ToolApprovalRequestEvent', seq: number, turnId: string, at: string, approvalId: string, toolCallId: string, toolName: string, toolArgs?: unknown | null, reason?: string | null, expiresAt: string }
    | { __typename: 'ToolApprovalResolvedEvent', seq: number, turnId: string, at: string, approvalId: string, toolCallId: string, decision: ApprovalStatus, resolvedBy?: string | null }
    | { __typename: 'ToolEndEvent', seq: number, turnId: string, at: string, toolCallId: string, toolName: string, durationMs: number, isError: boolean, outputSummary: string }
    | { __typename: 'ToolProgressEvent', seq: number, turnId: string, at: string, toolCallId: string, progress: string }
    | { __typename: 'ToolStartEvent', seq: number, turnId: string, at: string, toolCallId: string, toolName: string, toolArgs?: unknown | null }
    | { __typename: 'TurnStartedEvent', seq: number, turnId: string, at: string, userMessage: { __typename?: 'Message', id: string, content: string } }
    | { __typename: 'UsageEvent', seq: number, turnId: string, at: string, inputTokens: number, outputTokens: number }
   };

export type StartTurnMutationVariables = Exact<{
  input: SendChatInput;
}>;


export type StartTurnMutation = { __typename?: 'Mutation', startChat: { __typename?: 'ChatTurn', id: string, sessionId: string, firstSeq: number, status: TurnStatus } };

export type CancelTurnMutationVariables = Exact<{
  turnId: Scalars['ID']['input'];
}>;


export type CancelTurnMutation = { __typename?: 'Mutation', cancelChat: boolean };

export type ResolveApprovalMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  approve: Scalars['Boolean']['input'];
}>;


export type ResolveApprovalMutation = { __typename?: 'Mutation', resolveToolApproval: { __typename?: 'ToolApproval', id: string, status: ApprovalStatus, resolvedBy?: string | null } };

export type DeleteSessionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteSessionMutation = { __typename?: 'Mutation', deleteSession: boolean };

export type CreateTicketMutationVariables = Exact<{ [key: string]: never; }>;


export type CreateTicketMutation = { __typename?: 'Mutation', createChatTicket: { __typename?: 'ChatTicket', ticket: string, expiresAt: string } };

export type AuditTrailQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditTrailQuery = { __typename?: 'Query', auditTrail: { __typename?: 'AuditEntryConnection', totalCount: number, edges: Array<{ __typename?: 'AuditEntryEdge', node: { __typename?: 'AuditEntry', seq: number, at: string, actor: string, action: string, resource: string, detail?: unknown | null, hash: string } }> } };

export type VerifyAuditQueryVariables = Exact<{ [key: string]: never; }>;


export type VerifyAuditQuery = { __typename?: 'Query', verifyAuditTrail: { __typename?: 'AuditVerification', valid: boolean, checked: number, brokenAtSeq?: number | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionSummaryFragmentDoc = new TypedDocumentString(`
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}
    `, {"fragmentName":"SessionSummary"}) as unknown as TypedDocumentString<SessionSummaryFragment, unknown>;
export const SessionListDocument = new TypedDocumentString(`
    query SessionList {
  sessions(first: 100) {
    edges {
      node {
        ...SessionSummary
      }
    }
  }
}
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}`) as unknown as TypedDocumentString<SessionListQuery, SessionListQueryVariables>;
export const SessionFeedDocument = new TypedDocumentString(`
    subscription SessionFeed($after: String) {
  sessionUpdates(after: $after) {
    cursor
    change
    sessionId
    at
    session {
      ...SessionSummary
    }
  }
}
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}`) as unknown as TypedDocumentString<SessionFeedSubscription, SessionFeedSubscriptionVariables>;
export const ActivityFeedDocument = new TypedDocumentString(`
    subscription ActivityFeed($after: String) {
  sessionUpdates(after: $after, allUsers: true) {
    cursor
    change
    sessionId
    at
    session {
      ...SessionSummary
      toolCalls(last: 10) {
        edges {
          node {
            toolCallId
            toolName
            isError
          }
        }
      }
    }
  }
}
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}`) as unknown as TypedDocumentString<ActivityFeedSubscription, ActivityFeedSubscriptionVariables>;
export const ConversationDocument = new TypedDocumentString(`
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
          usage {
            inputTokens
            outputTokens
          }
          toolCalls {
            toolCallId
            toolName
            toolArgs
            outputSummary
            durationMs
            isError
          }
        }
      }
    }
    pendingApprovals {
      id
      turnId
      toolCallId
      toolName
      toolArgs
      reason
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<ConversationQuery, ConversationQueryVariables>;
export const TurnEventsDocument = new TypedDocumentString(`
    subscription TurnEvents($sessionId: ID!, $afterSeq: Int) {
  sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
    __typename
    ... on TurnEvent {
      seq
      turnId
      at
    }
    ... on TurnStartedEvent {
      userMessage {
        id
        content
      }
    }
    ... on ReasoningEvent {
      content
      source
    }
    ... on TokenEvent {
      content
    }
    ... on ToolStartEvent {
      toolCallId
      toolName
      toolArgs
    }
    ... on ToolProgressEvent {
      toolCallId
      progress
    }
    ... on ToolEndEvent {
      toolCallId
      toolName
      durationMs
      isError
      outputSummary
    }
    ... on MemoryEvent {
      action
      query
      count
      source
      memoryId
    }
    ... on UsageEvent {
      inputTokens
      outputTokens
    }
    ... on ToolApprovalRequestEvent {
      approvalId
      toolCallId
      toolName
      toolArgs
      reason
      expiresAt
    }
    ... on ToolApprovalResolvedEvent {
      approvalId
      toolCallId
      decision
      resolvedBy
    }
    ... on DoneEvent {
      status
      reply
      error
      durationMs
    }
  }
}
    `) as unknown as TypedDocumentString<TurnEventsSubscription, TurnEventsSubscriptionVariables>;
export const StartTurnDocument = new TypedDocumentString(`
    mutation StartTurn($input: SendChatInput!) {
  startChat(input: $input) {
    id
    sessionId
    firstSeq
    status
  }
}
    `) as unknown as TypedDocumentString<StartTurnMutation, StartTurnMutationVariables>;
export const CancelTurnDocument = new TypedDocumentString(`
    mutation CancelTurn($turnId: ID!) {
  cancelChat(turnId: $turnId)
}
    `) as unknown as TypedDocumentString<CancelTurnMutation, CancelTurnMutationVariables>;
export const ResolveApprovalDocument = new TypedDocumentString(`
    mutation ResolveApproval($id: ID!, $approve: Boolean!) {
  resolveToolApproval(id: $id, approve: $approve) {
    id
    status
    resolvedBy
  }
}
    `) as unknown as TypedDocumentString<ResolveApprovalMutation, ResolveApprovalMutationVariables>;
export const DeleteSessionDocument = new TypedDocumentString(`
    mutation DeleteSession($id: ID!) {
  deleteSession(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteSessionMutation, DeleteSessionMutationVariables>;
export const CreateTicketDocument = new TypedDocumentString(`
    mutation CreateTicket {
  createChatTicket {
    ticket
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<CreateTicketMutation, CreateTicketMutationVariables>;
export const AuditTrailDocument = new TypedDocumentString(`
    query AuditTrail {
  auditTrail(last: 50) {
    totalCount
    edges {
      node {
        seq
        at
        actor
        action
        resource
        detail
        hash
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditTrailQuery, AuditTrailQueryVariables>;
export const VerifyAuditDocument = new TypedDocumentString(`
    query VerifyAudit {
  verifyAuditTrail {
    valid
    checked
    brokenAtSeq
  }
}
    `) as unknown as TypedDocumentString<VerifyAuditQuery, VerifyAuditQueryVariables>;