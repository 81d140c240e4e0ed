/**
 * Round trips: listing 50 sessions with their last messages, those messages' tool
 * calls, the sessions' tool calls and the totalCounts costs the same number of
 * MongoDB commands as listing 5 (counted with the driver's command monitoring).
 */
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolCallDoc } from '../src/model/documents.js';
import { newMessage } from '../src/runtime/turns/outcome.js';
import { MongoStore } from '../src/store/mongo.js';
import { type TestDatabase, useTestDatabase } from './support/mongo.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';

const SESSIONS = 50;

const LIST = /* GraphQL */ `
  query List($n: Int!) {
    sessions(first: $n) {
      edges {
        node {
          id
          title
          messages(last: 3) {
            totalCount
            edges { node { content toolCalls { toolName } } }
          }
          toolCalls(first: 5) {
            totalCount
            edges { node { toolName } }
          }
        }
      }
    }
  }
`;

/** Connection housekeeping, not the query's work. */
const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo']);

let db: TestDatabase;
let store: MongoStore;
let server: TestServer;
const commands: CommandStartedEvent[] = [];

beforeAll(async () => {
  db = await useTestDatabase('dataloader');
  store = await MongoStore.connect({ uri: db.uri, dbName: db.dbName, monitorCommands: true });
  store.client.on('commandStarted', (event) => commands.push(event));
  await store.init();
  await Promise.all(Array.from({ length: SESSIONS }, (_, i) => seedSession(i)));
  // A long lease keeps the lease sweeper (one sweep at start, then every lease period) quiet.
  server = await startServer({ TURN_LEASE_MS: '600000', SESSION_AUTO_PRUNE: 'false' }, { store });
});

afterAll(async () => {
  await disposeAll(); // closes the store's client too
  await db.drop();
});

/** Two turns: a calculation with two tool calls, then a chat turn with one. */
async function seedSession(i: number): Promise<void> {
  const id = `s${String(i).padStart(2, '0')}`;
  await store.ensureSession({
    id,
    userId: 'default',
    projectId: null,
    title: `session ${i}`,
    now: new Date(Date.UTC(2025, 0, 1, 0, i)),
  });
  for (const [turn, content, calls] of [
    [1, `what is ${i}+1?`, ['calculator', 'calculator']],
    [2, 'recall numbers', ['memory_recall']],
  ] as const) {
    const turnId = `${id}-t${turn}`;
    await store.appendMessage(newMessage(id, turnId, 'USER', content));
    await store.insertToolCalls(
      calls.map(
        (toolName, k): ToolCallDoc => ({
          _id: `${turnId}-c${k}`,
          sessionId: id,
          turnId,
          toolCallId: `c${k}`,
          toolName,
          toolArgs: {},
          outputSummary: null,
          durationMs: 1,
          isError: false,
          startedAt: new Date(),
          seq: turn * 10 + k,
        }),
      ),
    );
    await store.appendMessage(
      newMessage(id, turnId, 'AGENT', `reply ${turn}`, { status: 'COMPLETED' }),
    );
  }
}

async function countedList(n: number) {
  commands.length = 0;
  const result = await server.gql<any>(LIST, { n });
  const counted = commands
    .filter((c) => !HOUSEKEEPING.has(c.commandName))
    .map((c) => `${c.commandName} ${String(c.command[c.commandName])}`);
  return { result, counted };
}

describe('DataLoader round trips (MongoDB command monitoring)', () => {
  it('lists 5 and 50 sessions with nested connections in the same number of round trips', async () => {
    const five = await countedList(5);
    const fifty = await countedList(SESSIONS);
    expect(five.result.errors).toBeUndefined();
    expect(fifty.result.errors).toBeUndefined();

    // The answer is complete: every session with its last 3 messages and 3 tool calls.
    const nodes = fifty.result.data.sessions.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(SESSIONS);
    for (const node of nodes) {
      expect(node.messages.totalCount).toBe(4);
      expect(node.messages.edges.map((e: any) => e.node.content)).toEqual([
        'reply 1',
        'recall numbers',
        'reply 2',
      ]);
      expect(node.messages.edges.map((e: any) => e.node.toolCalls.length)).toEqual([2, 0, 1]);
      expect(node.toolCalls.totalCount).toBe(3);
      expect(node.toolCalls.edges.map((e: any) => e.node.toolName)).toEqual([
        'calculator',
        'calculator',
        'memory_recall',
      ]);
    }

    // sessions: 1 find; messages and tool calls: 1 aggregate + 1 find each (their
    // totalCounts come with the aggregate); Message.toolCalls: 1 find.
    console.info(
      `round trips: 5 sessions ${five.counted.length}, 50 sessions ${fifty.counted.length}`,
    );
    // The same commands (their order varies: the connections load side by side).
    expect(fifty.counted.sort()).toEqual(five.counted.sort());
    expect(five.counted).toEqual([
      'aggregate messages',
      'aggregate toolCalls',
      'find messages',
      'find sessions',
      'find toolCalls',
      'find toolCalls',
    ]);
  });

  it('reads a session with a cursor of its own with the single query', async () => {
    // Session i pages after message seq i: each key has page arguments of its own.
    const ids = ['s49', 's48', 's47', 's46'];
    const fields = ids.map(
      (id, i) =>
        `${id}: session(id: "${id}") { messages(first: 1, after: "${cursor(i)}") { edges { node { content } } } }`,
    );
    commands.length = 0;
    const paged = await server.gql<any>(`{ ${fields.join(' ')} }`);
    expect(paged.errors).toBeUndefined();
    const firsts = ids.map((id) => paged.data[id].messages.edges[0].node.content);
    expect(firsts).toEqual(['what is 49+1?', 'reply 1', 'recall numbers', 'reply 2']);
    // One batched read of the sessions, then one plain page query per session.
    expect(
      commands.map((c) => `${c.commandName} ${String(c.command[c.commandName])}`).sort(),
    ).toEqual([
      'find messages',
      'find messages',
      'find messages',
      'find messages',
      'find sessions',
    ]);
  });
});

/** A message cursor after seq i (the codec is `m:<seq>`, base64url). */
function cursor(seq: number): string {
  return Buffer.from(`m:${seq}`).toString('base64url');
}
