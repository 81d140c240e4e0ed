/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment SessionSummary on Session {\n    id\n    userId\n    title\n    status\n    messageCount\n    updatedAt\n    usage { inputTokens outputTokens }\n    pendingApprovals { id }\n  }\n": typeof types.SessionSummaryFragmentDoc,
    "\n  query SessionList {\n    sessions(first: 100) {\n      edges { node { ...SessionSummary } }\n    }\n  }\n": typeof types.SessionListDocument,
    "\n  subscription SessionFeed($after: String) {\n    sessionUpdates(after: $after) {\n      cursor\n      change\n      sessionId\n      at\n      session { ...SessionSummary }\n    }\n  }\n": typeof types.SessionFeedDocument,
    "\n  subscription ActivityFeed($after: String) {\n    sessionUpdates(after: $after, allUsers: true) {\n      cursor\n      change\n      sessionId\n      at\n      session {\n        ...SessionSummary\n        toolCalls(last: 10) { edges { node { toolCallId toolName isError } } }\n      }\n    }\n  }\n": typeof types.ActivityFeedDocument,
    "\n  query Conversation($id: ID!) {\n    session(id: $id) {\n      id\n      title\n      status\n      lastEventSeq\n      messages(last: 50) {\n        edges {\n          node {\n            id\n            role\n            content\n            turnId\n            status\n            error\n            durationMs\n            usage { inputTokens outputTokens }\n            toolCalls { toolCallId toolName toolArgs outputSummary durationMs isError }\n          }\n        }\n      }\n      pendingApprovals { id turnId toolCallId toolName toolArgs reason expiresAt }\n    }\n  }\n": typeof types.ConversationDocument,
    "\n  subscription TurnEvents($sessionId: ID!, $afterSeq: Int) {\n    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {\n      __typename\n      ... on TurnEvent { seq turnId at }\n      ... on TurnStartedEvent { userMessage { id content } }\n      ... on ReasoningEvent { content source }\n      ... on TokenEvent { content }\n      ... on ToolStartEvent { toolCallId toolName toolArgs }\n      ... on ToolProgressEvent { toolCallId progress }\n      ... on ToolEndEvent { toolCallId toolName durationMs isError outputSummary }\n      ... on MemoryEvent { action query count source memoryId }\n      ... on UsageEvent { inputTokens outputTokens }\n      ... on ToolApprovalRequestEvent { approvalId toolCallId toolName toolArgs reason expiresAt }\n      ... on ToolApprovalResolvedEvent { approvalId toolCallId decision resolvedBy }\n      ... on DoneEvent { status reply error durationMs }\n    }\n  }\n": typeof types.TurnEventsDocument,
    "\n  mutation StartTurn($input: SendChatInput!) {\n    startChat(input: $input) { id sessionId firstSeq status }\n  }\n": typeof types.StartTurnDocument,
    "\n  mutation CancelTurn($turnId: ID!) {\n    cancelChat(turnId: $turnId)\n  }\n": typeof types.CancelTurnDocument,
    "\n  mutation ResolveApproval($id: ID!, $approve: Boolean!) {\n    resolveToolApproval(id: $id, approve: $approve) { id status resolvedBy }\n  }\n": typeof types.ResolveApprovalDocument,
    "\n  mutation DeleteSession($id: ID!) {\n    deleteSession(id: $id)\n  }\n": typeof types.DeleteSessionDocument,
    "\n  mutation CreateTicket {\n    createChatTicket { ticket expiresAt }\n  }\n": typeof types.CreateTicketDocument,
    "\n  query AuditTrail {\n    auditTrail(last: 50) {\n      totalCount\n      edges { node { seq at actor action resource detail hash } }\n    }\n  }\n": typeof types.AuditTrailDocument,
    "\n  query VerifyAudit {\n    verifyAuditTrail { valid checked brokenAtSeq }\n  }\n": typeof types.VerifyAuditDocument,
};
const documents: Documents = {
    "\n  fragment SessionSummary on Session {\n    id\n    userId\n    title\n    status\n    messageCount\n    updatedAt\n    usage { inputTokens outputTokens }\n    pendingApprovals { id }\n  }\n": types.SessionSummaryFragmentDoc,
    "\n  query SessionList {\n    sessions(first: 100) {\n      edges { node { ...SessionSummary } }\n    }\n  }\n": types.SessionListDocument,
    "\n  subscription SessionFeed($after: String) {\n    sessionUpdates(after: $after) {\n      cursor\n      change\n      sessionId\n      at\n      session { ...SessionSummary }\n    }\n  }\n": types.SessionFeedDocument,
    "\n  subscription ActivityFeed($after: String) {\n    sessionUpdates(after: $after, allUsers: true) {\n      cursor\n      change\n      sessionId\n      at\n      session {\n        ...SessionSummary\n        toolCalls(last: 10) { edges { node { toolCallId toolName isError } } }\n      }\n    }\n  }\n": types.ActivityFeedDocument,
    "\n  query Conversation($id: ID!) {\n    session(id: $id) {\n      id\n      title\n      status\n      lastEventSeq\n      messages(last: 50) {\n        edges {\n          node {\n            id\n            role\n            content\n            turnId\n            status\n            error\n            durationMs\n            usage { inputTokens outputTokens }\n            toolCalls { toolCallId toolName toolArgs outputSummary durationMs isError }\n          }\n        }\n      }\n      pendingApprovals { id turnId toolCallId toolName toolArgs reason expiresAt }\n    }\n  }\n": types.ConversationDocument,
    "\n  subscription TurnEvents($sessionId: ID!, $afterSeq: Int) {\n    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {\n      __typename\n      ... on TurnEvent { seq turnId at }\n      ... on TurnStartedEvent { userMessage { id content } }\n      ... on ReasoningEvent { content source }\n      ... on TokenEvent { content }\n      ... on ToolStartEvent { toolCallId toolName toolArgs }\n      ... on ToolProgressEvent { toolCallId progress }\n      ... on ToolEndEvent { toolCallId toolName durationMs isError outputSummary }\n      ... on MemoryEvent { action query count source memoryId }\n      ... on UsageEvent { inputTokens outputTokens }\n      ... on ToolApprovalRequestEvent { approvalId toolCallId toolName toolArgs reason expiresAt }\n      ... on ToolApprovalResolvedEvent { approvalId toolCallId decision resolvedBy }\n      ... on DoneEvent { status reply error durationMs }\n    }\n  }\n": types.TurnEventsDocument,
    "\n  mutation StartTurn($input: SendChatInput!) {\n    startChat(input: $input) { id sessionId firstSeq status }\n  }\n": types.StartTurnDocument,
    "\n  mutation CancelTurn($turnId: ID!) {\n    cancelChat(turnId: $turnId)\n  }\n": types.CancelTurnDocument,
    "\n  mutation ResolveApproval($id: ID!, $approve: Boolean!) {\n    resolveToolApproval(id: $id, approve: $approve) { id status resolvedBy }\n  }\n": types.ResolveApprovalDocument,
    "\n  mutation DeleteSession($id: ID!) {\n    deleteSession(id: $id)\n  }\n": types.DeleteSessionDocument,
    "\n  mutation CreateTicket {\n    createChatTicket { ticket expiresAt }\n  }\n": types.CreateTicketDocument,
    "\n  query AuditTrail {\n    auditTrail(last: 50) {\n      totalCount\n      edges { node { seq at actor action resource detail hash } }\n    }\n  }\n": types.AuditTrailDocument,
    "\n  query VerifyAudit {\n    verifyAuditTrail { valid checked brokenAtSeq }\n  }\n": types.VerifyAuditDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionSummary on Session {\n    id\n    userId\n    title\n    status\n    messageCount\n    updatedAt\n    usage { inputTokens outputTokens }\n    pendingApprovals { id }\n  }\n"): typeof import('./graphql.js').SessionSummaryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionList {\n    sessions(first: 100) {\n      edges { node { ...SessionSummary } }\n    }\n  }\n"): typeof import('./graphql.js').SessionListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionFeed($after: String) {\n    sessionUpdates(after: $after) {\n      cursor\n      change\n      sessionId\n      at\n      session { ...SessionSummary }\n    }\n  }\n"): typeof import('./graphql.js').SessionFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ActivityFeed($after: String) {\n    sessionUpdates(after: $after, allUsers: true) {\n      cursor\n      change\n      sessionId\n      at\n      session {\n        ...SessionSummary\n        toolCalls(last: 10) { edges { node { toolCallId toolName isError } } }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ActivityFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Conversation($id: ID!) {\n    session(id: $id) {\n      id\n      title\n      status\n      lastEventSeq\n      messages(last: 50) {\n        edges {\n          node {\n            id\n            role\n            content\n            turnId\n            status\n            error\n            durationMs\n            usage { inputTokens outputTokens }\n            toolCalls { toolCallId toolName toolArgs outputSummary durationMs isError }\n          }\n        }\n      }\n      pendingApprovals { id turnId toolCallId toolName toolArgs reason expiresAt }\n    }\n  }\n"): typeof import('./graphql.js').ConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TurnEvents($sessionId: ID!, $afterSeq: Int) {\n    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {\n      __typename\n      ... on TurnEvent { seq turnId at }\n      ... on TurnStartedEvent { userMessage { id content } }\n      ... on ReasoningEvent { content source }\n      ... on TokenEvent { content }\n      ... on ToolStartEvent { toolCallId toolName toolArgs }\n      ... on ToolProgressEvent { toolCallId progress }\n      ... on ToolEndEvent { toolCallId toolName durationMs isError outputSummary }\n      ... on MemoryEvent { action query count source memoryId }\n      ... on UsageEvent { inputTokens outputTokens }\n      ... on ToolApprovalRequestEvent { approvalId toolCallId toolName toolArgs reason expiresAt }\n      ... on ToolApprovalResolvedEvent { approvalId toolCallId decision resolvedBy }\n      ... on DoneEvent { status reply error durationMs }\n    }\n  }\n"): typeof import('./graphql.js').TurnEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTurn($input: SendChatInput!) {\n    startChat(input: $input) { id sessionId firstSeq status }\n  }\n"): typeof import('./graphql.js').StartTurnDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelTurn($turnId: ID!) {\n    cancelChat(turnId: $turnId)\n  }\n"): typeof import('./graphql.js').CancelTurnDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveApproval($id: ID!, $approve: Boolean!) {\n    resolveToolApproval(id: $id, approve: $approve) { id status resolvedBy }\n  }\n"): typeof import('./graphql.js').ResolveApprovalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSession($id: ID!) {\n    deleteSession(id: $id)\n  }\n"): typeof import('./graphql.js').DeleteSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTicket {\n    createChatTicket { ticket expiresAt }\n  }\n"): typeof import('./graphql.js').CreateTicketDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTrail {\n    auditTrail(last: 50) {\n      totalCount\n      edges { node { seq at actor action resource detail hash } }\n    }\n  }\n"): typeof import('./graphql.js').AuditTrailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAudit {\n    verifyAuditTrail { valid checked brokenAtSeq }\n  }\n"): typeof import('./graphql.js').VerifyAuditDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
