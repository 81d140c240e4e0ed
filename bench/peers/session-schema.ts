/**
 * The schema and data B0 and every peer serve: the fields of Parley's `session` query over
 * one in-memory session of 20 messages. One module, so B0 and the peers answer the same
 * bytes and the bench can check that they do. Resolvers sit on the schema's fields (not a
 * rootValue), because that is the one form graphql-js, graphql-jit, Yoga, Apollo and
 * Mercurius all execute without an adapter.
 */
import { buildSchema, type GraphQLObjectType } from 'graphql';

const SDL = `
  scalar DateTime
  enum MessageRole { AGENT USER }
  type TokenUsage { inputTokens: Int! outputTokens: Int! }
  type PageInfo { endCursor: String hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String }
  type Message { id: ID! role: MessageRole! content: String! status: String createdAt: DateTime! }
  type MessageEdge { cursor: String! node: Message! }
  type MessageConnection { edges: [MessageEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Session {
    id: ID! title: String messageCount: Int! usage: TokenUsage!
    messages(first: Int, after: String, last: Int, before: String): MessageConnection!
  }
  type Query { session(id: ID!): Session }
`;

interface Message {
  id: string;
  role: 'AGENT' | 'USER';
  content: string;
  status: string | null;
  createdAt: string;
}

const messages: Message[] = Array.from({ length: 20 }, (_, i) => ({
  id: `m${i}`,
  role: i % 2 ? 'AGENT' : 'USER',
  content: i % 2 ? 'You said: hello there' : 'hello there',
  status: i % 2 ? 'COMPLETED' : null,
  createdAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
}));

const session = {
  id: 'b0',
  title: 'hello there',
  messageCount: messages.length,
  usage: { inputTokens: 20, outputTokens: 30 },
};

const cursorOf = (m: Message) => Buffer.from(m.id).toString('base64');

/** A page is built per request, as a resolver over a store would (no cached answer). */
function messagesPage(first = 50) {
  const page = messages.slice(0, first);
  return {
    totalCount: messages.length,
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: {
      hasNextPage: page.length < messages.length,
      hasPreviousPage: false,
      startCursor: page.length ? cursorOf(page[0]!) : null,
      endCursor: page.length ? cursorOf(page.at(-1)!) : null,
    },
  };
}

/** A fresh schema with its resolvers attached (each server process builds its own). */
export function sessionSchema() {
  const schema = buildSchema(SDL);
  const query = schema.getQueryType()!.getFields();
  query.session!.resolve = (_root, args: { id?: string }) => (args.id ? session : null);
  const sessionType = schema.getType('Session') as GraphQLObjectType;
  sessionType.getFields().messages!.resolve = (_s, args: { first?: number | null }) =>
    messagesPage(args.first ?? undefined);
  return schema;
}

/** The id every peer serves its session under. */
export const PEER_SESSION_ID = 'b0';
