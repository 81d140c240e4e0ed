/** The bench's `session` query; B0's schema mirrors these fields from Parley's. */
export const SESSION_QUERY = `query Session($id: ID!) {
  session(id: $id) {
    id title messageCount usage { inputTokens outputTokens }
    messages(first: 50) {
      totalCount
      edges { cursor node { id role content status createdAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;
