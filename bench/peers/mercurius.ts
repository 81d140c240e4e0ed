/**
 * Peer: Mercurius on Fastify 5, serving B0's schema and data at /graphql. PEER_JIT=1 sets
 * `jit: 1` (graphql-jit compiles a document after its first run), the fastest JavaScript
 * GraphQL server the bench knows of. Mercurius caches parsed and validated documents.
 */
import './exit-on-signal.js';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { sessionSchema } from './session-schema.js';

const app = Fastify({ logger: false });
await app.register(mercurius, {
  schema: sessionSchema(),
  jit: process.env.PEER_JIT === '1' ? 1 : 0,
});
app.get('/health', async () => 'ok');
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
