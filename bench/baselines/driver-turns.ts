/**
 * D0: the minimum writes of one sendChat turn, made with the official MongoDB driver
 * and nothing else, as the floor for Parley's turns/s on the same server. Per turn, on
 * its loop's own session (as Parley's bench loops): the user message, the turn's
 * events in one insertMany, the agent message, the session's counters in one update,
 * and the turn's audit entries (hash-chained, as Parley chains them) in one insertMany:
 * five round trips. The database gets Parley's own indexes first (MongoStore.init),
 * so every write pays what Parley's does. A run: WARM_SECONDS of turns, then SECONDS
 * counted; prints `BENCH_RESULT {"rate":..,"turns":..}` and exits.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { computeHash, GENESIS } from '../../src/audit/chain.js';
import { MongoStore } from '../../src/store/mongo.js';

const uri = process.env.MONGODB_URI!;
const dbName = process.env.MONGODB_DB!;
const sessions = Number(process.env.SESSIONS ?? 16);
const seconds = Number(process.env.SECONDS ?? 4);
const warmSeconds = Number(process.env.WARM_SECONDS ?? 1);

const indexed = await MongoStore.connect({ uri, dbName });
await indexed.init();
await indexed.close();
const client = await new MongoClient(uri).connect();
const db = client.db(dbName);
const messages = db.collection<{ _id: string }>('messages');
const events = db.collection('events');
const sessionDocs = db.collection<{ _id: string }>('sessions');
const audit = db.collection<{ _id: number }>('audit');

/** The audit chain's head, in memory (as Parley keeps it); one writer here. */
let head = { seq: 0, hash: GENESIS };

function auditBatch(sessionId: string, turnId: string, at: Date) {
  const actions = ['AGENT_SPAWN', 'OTHER', 'OTHER', 'AGENT_EXIT'];
  return actions.map((action) => {
    const fields = {
      seq: head.seq + 1,
      at,
      actor: `session:${sessionId}`,
      action,
      detail: { turnId },
      resource: `session:${sessionId}`,
      prevHash: head.hash,
    };
    const hash = computeHash(fields);
    head = { seq: fields.seq, hash };
    const { seq, ...rest } = fields;
    return { _id: seq, ...rest, hash };
  });
}

function message(sessionId: string, turnId: string, seq: number, role: string, content: string) {
  const base = { _id: randomUUID(), sessionId, turnId, seq, role, content, createdAt: new Date() };
  return { ...base, status: role === 'AGENT' ? 'COMPLETED' : null, usage: null, error: null };
}

function turnEvents(sessionId: string, turnId: string, fromSeq: number, reply: string[]) {
  const bodies = [
    { type: 'turnStarted' },
    ...reply.map((content) => ({ type: 'token', content })),
    { type: 'usage', inputTokens: 4, outputTokens: reply.length },
    { type: 'done', status: 'COMPLETED', error: null, durationMs: 1 },
  ];
  const at = new Date();
  return bodies.map((body, i) => ({ ...body, seq: fromSeq + i, sessionId, turnId, at }));
}

async function turn(sessionId: string, state: { messages: number; seq: number }) {
  const turnId = randomUUID();
  const content = 'hello there, agent';
  const reply = ['You ', 'said: ', 'hello ', 'there, ', 'agent'];
  await messages.insertOne(message(sessionId, turnId, state.messages + 1, 'USER', content));
  const stored = turnEvents(sessionId, turnId, state.seq, reply);
  await events.insertMany(stored);
  await messages.insertOne(message(sessionId, turnId, state.messages + 2, 'AGENT', reply.join('')));
  state.messages += 2;
  state.seq += stored.length;
  await sessionDocs.updateOne(
    { _id: sessionId },
    {
      $inc: { messageCount: 2, 'usage.inputTokens': 4, 'usage.outputTokens': reply.length },
      $set: { nextSeq: state.seq, updatedAt: new Date() },
    },
    { upsert: true },
  );
  await audit.insertMany(auditBatch(sessionId, turnId, new Date()));
}

async function loops(tag: string, forSeconds: number): Promise<number> {
  let turns = 0;
  const end = performance.now() + forSeconds * 1000;
  await Promise.all(
    Array.from({ length: sessions }, async (_, i) => {
      const state = { messages: 0, seq: 1 };
      while (performance.now() < end) {
        await turn(`d0-${tag}-${i}`, state);
        turns += 1;
      }
    }),
  );
  return turns;
}

await loops('warm', warmSeconds);
const t0 = performance.now();
const turns = await loops('run', seconds);
const elapsed = (performance.now() - t0) / 1000;
console.log(`BENCH_RESULT ${JSON.stringify({ rate: turns / elapsed, turns })}`);
await client.close();
