/**
 * Peer: graphql-yoga 5 as it comes (its parse and validation caches, no other plugins),
 * on node:http, serving B0's schema and data. PEER_JIT=1 adds @envelop/graphql-jit with
 * its defaults: the figure Parley's compiled queries are held against.
 */
import './exit-on-signal.js';
import { createServer } from 'node:http';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga } from 'graphql-yoga';
import { sessionSchema } from './session-schema.js';

const yoga = createYoga({
  schema: sessionSchema(),
  plugins: process.env.PEER_JIT === '1' ? [useGraphQlJit()] : [],
  // Yoga answers /health itself (its default health check endpoint).
  logging: 'warn',
});

createServer(yoga).listen(Number(process.env.PORT ?? 0), '127.0.0.1');
