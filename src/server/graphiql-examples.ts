/**
 * What GraphiQL opens on: Parley's own operations instead of Yoga's welcome comment.
 * One document with the three a newcomer needs (run one with the ▶ button's menu), with
 * literal arguments: GraphiQL shows no variables for a default query.
 */

/** Every field of every SessionEvent member, without aliases (test/graphiql-delivery checks it). */
const SESSION_EVENTS = `subscription SessionEvents {
  sessionEvents(sessionId: "paste the sessionId from SendChat", afterSeq: 0) {
    __typename
    ... on TurnEvent { seq turnId sessionId at }
    ... on TurnStartedEvent { userMessage { id role content createdAt } }
    ... on TokenEvent { content }
    ... on ReasoningEvent { content source }
    ... on MemoryEvent { action source query count memoryId }
    ... on ToolStartEvent { toolCallId toolName toolArgs }
    ... on ToolProgressEvent { toolCallId toolName progress tabId context }
    ... on ToolEndEvent { toolCallId toolName isError outputSummary durationMs }
    ... on ToolApprovalRequestEvent { approvalId toolCallId toolName toolArgs reason expiresAt }
    ... on ToolApprovalResolvedEvent { approvalId toolCallId toolName decision resolvedBy reason }
    ... on UsageEvent { inputTokens outputTokens }
    ... on DoneEvent {
      status reply error durationMs phase projectTag seedId evaluationPassed
      toolCalls { toolCallId toolName toolArgs isError outputSummary durationMs startedAt }
    }
  }
}`;

export const GRAPHIQL_EXAMPLES = `# Parley: chat with an agent over GraphQL. Pick an operation from the ▶ button.
#
# 1. SendChat sends a message and waits for the whole reply. Without a sessionId it
#    starts a new session; add sessionId: "<the one it returned>" to the input to go on.
# 2. SessionEvents streams a session's events (over WebSocket): paste that sessionId.
#    afterSeq: 0 replays the stored events first, so it works after SendChat as well.
# 3. Sessions lists your sessions, most recently updated first.
# A message starting with "remember " waits for your approval: answer the
# ToolApprovalRequestEvent with resolveToolApproval(id: "<approvalId>", approve: true).

mutation SendChat {
  sendChat(input: { content: "What is 2+3*4?" }) {
    sessionId
    status
    reply
    error
    durationMs
    toolCalls { toolName toolArgs isError outputSummary durationMs }
    usage { inputTokens outputTokens }
  }
}

${SESSION_EVENTS}

query Sessions {
  sessions(first: 10) {
    totalCount
    edges {
      node { id title messageCount lastEventSeq updatedAt usage { inputTokens outputTokens } }
    }
  }
}
`;
