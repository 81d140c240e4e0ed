/**
 * Baseline B0: `node:http` + graphql-js, parse and validation cached per query string,
 * serving the same `session(id)` query Parley serves, over one in-memory session of 20
 * messages. No auth, no plugins, no limits: the cost floor of executing that query.
 */
import { createServer } from 'node:http';
import { buildSchema, type DocumentNode, execute, parse, validate } from 'graphql';

const schema = buildSchema(`
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
`);

const messages = Array.from({ length: 20 }, (_, i) => ({
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
  // graphql-js's default resolver calls a function field with its arguments.
  messages: ({ first = 50 }: { first?: number }) => {
    const page = messages.slice(0, first);
    return {
      totalCount: messages.length,
      edges: page.map((node) => ({ cursor: Buffer.from(node.id).toString('base64'), node })),
      pageInfo: {
        hasNextPage: page.length < messages.length,
        hasPreviousPage: false,
        startCursor: page.length ? Buffer.from(page[0]!.id).toString('base64') : null,
        endCursor: page.length ? Buffer.from(page.at(-1)!.id).toString('base64') : null,
      },
    };
  },
};
const rootValue = { session: ({ id }: { id: string }) => (id ? session : null) };

const documents = new Map<string, DocumentNode | readonly Error[]>();
function documentFor(query: string): DocumentNode | readonly Error[] {
  let doc = documents.get(query);
  if (!doc) {
    const parsed = parse(query);
    const errors = validate(schema, parsed);
    doc = errors.length ? errors : parsed;
    documents.set(query, doc);
  }
  return doc;
}

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString());
      const doc = documentFor(query);
      const result = Array.isArray(doc)
        ? { errors: doc }
        : await execute({
            schema,
            document: doc as DocumentNode,
            rootValue,
            variableValues: variables,
          });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: String(err) }] }));
    }
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
