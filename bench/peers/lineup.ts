/**
 * The servers of the HTTP section, in the order they are shown: Parley, B0 and the peers,
 * each its own process. Before any load, every answer is checked: the peers must return
 * exactly B0's data (they serve the same module), and Parley the same shape over its own
 * 20 messages, so "same length as the first answer" during a run means the same work.
 */
import { isDeepStrictEqual } from 'node:util';
import { createSession } from '../lib/parley.js';
import {
  type PeerKind,
  type Proc,
  startGraphqlHttp,
  startParley,
  startPeer,
} from '../lib/procs.js';
import { PEER_SESSION_ID } from './session-schema.js';

export interface Server {
  /** Short name for the progress lines. */
  name: string;
  /** Name in the results table. */
  label: string;
  proc: Proc;
  /** The id its `session(id)` answers for. */
  sessionId: string;
}

const PEER_LABELS: Record<PeerKind, string> = {
  yoga: 'graphql-yoga 5, stock',
  'yoga-jit': 'graphql-yoga 5 + @envelop/graphql-jit',
  apollo: '@apollo/server 5 (node:http)',
  mercurius: 'Mercurius 16 (Fastify 5)',
  'mercurius-jit': 'Mercurius 16 + jit: 1 (Fastify 5)',
};

export const PEER_KINDS = Object.keys(PEER_LABELS) as PeerKind[];

const PARLEY_SESSION_ID = 'bench-http';

type Post = (server: Server) => Promise<{ status: number; body: string }>;

/** Leaves replaced by their type: the structure of an answer without its values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  return value === null ? 'null' : typeof value;
}

/** Starts every server (one after the other: two cores) and seeds Parley's session. */
export async function startLineup(): Promise<Server[]> {
  const servers: Server[] = [];
  try {
    const parley = await startParley();
    servers.push({ name: 'Parley', label: 'Parley', proc: parley, sessionId: PARLEY_SESSION_ID });
    // Ten turns: a user and an agent message each.
    for (let i = 0; i < 10; i++) await createSession(parley.url, PARLEY_SESSION_ID);
    const b0 = await startGraphqlHttp();
    servers.push({ name: 'B0', label: 'B0', proc: b0, sessionId: PEER_SESSION_ID });
    for (const kind of PEER_KINDS) {
      const proc = await startPeer(kind);
      servers.push({ name: kind, label: PEER_LABELS[kind], proc, sessionId: PEER_SESSION_ID });
    }
    return servers;
  } catch (err) {
    await stopLineup(servers);
    throw err;
  }
}

export async function stopLineup(servers: Server[]): Promise<void> {
  await Promise.all(servers.map((s) => s.proc.stop()));
}

/** Throws unless every answer is 200, error-free, and B0's data (Parley: its shape). */
export async function checkAnswers(servers: Server[], post: Post): Promise<void> {
  const answers = new Map<string, { data?: { session?: { messageCount?: number } } }>();
  for (const server of servers) {
    const { status, body } = await post(server);
    const answer = JSON.parse(body);
    if (status !== 200 || answer.errors || !answer.data?.session) {
      throw new Error(`${server.name} answered ${status}: ${body.slice(0, 300)}`);
    }
    answers.set(server.name, answer);
  }
  const b0 = answers.get('B0');
  const parley = answers.get('Parley');
  if (parley?.data?.session?.messageCount !== 20) throw new Error('Parley: want 20 messages');
  if (!isDeepStrictEqual(shapeOf(parley), shapeOf(b0))) {
    throw new Error("Parley's answer does not have B0's shape");
  }
  for (const kind of PEER_KINDS) {
    if (!isDeepStrictEqual(answers.get(kind), b0)) throw new Error(`${kind}: not B0's data`);
  }
}
