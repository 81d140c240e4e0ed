/**
 * Peer: @apollo/server 5 serving B0's schema and data, on node:http the way Apollo's own
 * integrations do it (executeHTTPGraphQLRequest), with B0's body handling. Not
 * startStandaloneServer: that one answers every path as GraphQL (no /health for the
 * bench's readiness probe) and adds cors and body-parser, which would measure Express
 * middleware rather than Apollo.
 */
import './exit-on-signal.js';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { servePlainHttp } from '../lib/plain-http-server.js';
import { sessionSchema } from './session-schema.js';

const apollo = new ApolloServer({ schema: sessionSchema() });
await apollo.start();

servePlainHttp(async (req, text, res) => {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const answer = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: req.method ?? 'POST',
      headers,
      search: url.search,
      body: text ? JSON.parse(text) : undefined,
    },
    context: async () => ({}),
  });
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
});
