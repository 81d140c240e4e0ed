/**
 * Baseline B0: `node:http` + graphql-js, parse and validation cached per query string,
 * serving the same `session(id)` query Parley serves, over one in-memory session of 20
 * messages (bench/peers/session-schema.ts, shared with the peers). No auth, no plugins, no
 * limits: the cost floor of executing that query.
 */
import { type DocumentNode, execute, parse, validate } from 'graphql';
import { servePlainHttp } from '../lib/plain-http-server.js';
import { sessionSchema } from '../peers/session-schema.js';

// The schema and data every peer serves too (bench/peers/session-schema.ts).
const schema = sessionSchema();

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

servePlainHttp(async (_req, body, res) => {
  const { query, variables } = JSON.parse(body);
  const doc = documentFor(query);
  const result = Array.isArray(doc)
    ? { errors: doc }
    : await execute({ schema, document: doc as DocumentNode, variableValues: variables });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result));
});
