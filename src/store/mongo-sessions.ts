/**
 * The MongoDB store's writes to session documents. Each is one atomic operation
 * (upsert with $setOnInsert, or $inc/$set/$max), never load-modify-save; each goes
 * through the per-session queue (see lib/keyed-queue.ts for why FerretDB needs it).
 */

import type { KeyedQueue } from '../lib/keyed-queue.js';
import type { Lease, MessageDoc, SessionDoc } from '../model/documents.js';
import { type Collections, isDuplicateKey, sessionFrom } from './mongo-collections.js';
import { type NewMessage, type NewSession, newSessionDoc, type TurnEnd } from './store.js';

/** Seq clashes only happen across instances on FerretDB (no atomic $inc); a few retries settle them. */
const APPEND_ATTEMPTS = 5;

export class SessionWrites {
  constructor(
    private readonly c: Collections,
    private readonly queue: KeyedQueue,
  ) {}

  ensureSession(s: NewSession): Promise<{ session: SessionDoc; created: boolean }> {
    return this.queue.run(s.id, async () => {
      // Most turns are on a session that exists: a read, where an upsert (a
      // findAndModify) would take FerretDB's write lock for a document it leaves as it is.
      const found = await this.c.sessions.findOne({ _id: s.id });
      if (found) return { session: sessionFrom(found), created: false };
      const { _id, ...insert } = newSessionDoc(s);
      try {
        const res = await this.c.sessions.findOneAndUpdate(
          { _id: s.id },
          { $setOnInsert: insert },
          { upsert: true, returnDocument: 'after', includeResultMetadata: true },
        );
        if (!res.value) throw new Error(`upsert of session ${s.id} returned no document`);
        const meta = res.lastErrorObject;
        const created = meta?.upserted != null || meta?.updatedExisting === false;
        return { session: sessionFrom(res.value), created };
      } catch (err) {
        // Two upserts of a new id at once (other instances): the loser hits the unique _id.
        if (!isDuplicateKey(err)) throw err;
        const existing = await this.c.sessions.findOne({ _id: s.id });
        if (!existing) throw err;
        return { session: sessionFrom(existing), created: false };
      }
    });
  }

  async rename(id: string, title: string, now: Date): Promise<SessionDoc | null> {
    const doc = await this.queue.run(id, () =>
      this.c.sessions.findOneAndUpdate(
        { _id: id },
        { $set: { title, titleLocked: true }, $max: { updatedAt: now } },
        { returnDocument: 'after' },
      ),
    );
    return doc ? sessionFrom(doc) : null;
  }

  async acquireLease(sessionId: string, lease: Lease, now: Date): Promise<SessionDoc | null> {
    // `lease: null` also matches a session without the field (FerretDB drops nulls on upsert).
    const before = await this.queue.run(sessionId, () =>
      this.c.sessions.findOneAndUpdate(
        { _id: sessionId, $or: [{ lease: null }, { 'lease.until': { $lte: now } }] },
        { $set: { lease } },
        { returnDocument: 'before' },
      ),
    );
    return before ? sessionFrom(before) : null;
  }

  async renewLease(sessionId: string, turnId: string, until: Date): Promise<boolean> {
    const res = await this.queue.run(sessionId, () =>
      this.c.sessions.updateOne(
        { _id: sessionId, 'lease.turnId': turnId },
        { $set: { 'lease.until': until } },
      ),
    );
    return res.matchedCount === 1;
  }

  finishTurn(sessionId: string, turnId: string, end: TurnEnd): Promise<SessionDoc | null> {
    const { inputTokens, outputTokens } = end.usage;
    const update = {
      $inc: { 'usage.inputTokens': inputTokens, 'usage.outputTokens': outputTokens },
      $max: { nextSeq: end.nextSeq, updatedAt: end.now },
    };
    // Releasing must depend on who holds the lease while the usage update must not, and
    // FerretDB lacks pipeline updates ($cond): so release when this turn still holds the
    // lease, else (taken over after it expired) record the turn and leave the new lease
    // alone. Exactly one of the two applies: a lost lease never returns to this turn.
    const after = { returnDocument: 'after' } as const;
    return this.queue.run(sessionId, async () => {
      const held = await this.c.sessions.findOneAndUpdate(
        { _id: sessionId, 'lease.turnId': turnId },
        { ...update, $set: { lease: null } },
        after,
      );
      const doc =
        held ?? (await this.c.sessions.findOneAndUpdate({ _id: sessionId }, update, after));
      return doc ? sessionFrom(doc) : null;
    });
  }

  async appendMessage(msg: NewMessage): Promise<MessageDoc> {
    const { forks, parentId: given, ...fields } = msg;
    // Resolved once: after the first attempt the session's leaf is this message itself.
    let parentId = given;
    for (let attempt = 1; ; attempt++) {
      const next = await this.nextMessageSeq(msg, forks === true);
      if (parentId === undefined) parentId = next.leaf;
      const doc: MessageDoc = { ...fields, seq: next.seq, parentId };
      try {
        await this.c.messages.insertOne(doc);
        return doc;
      } catch (err) {
        // FerretDB's error does not name the index: a clash on the message's own _id is final.
        const retry =
          isDuplicateKey(err) &&
          attempt < APPEND_ATTEMPTS &&
          !(await this.c.messages.findOne({ _id: msg._id }, { projection: { _id: 1 } }));
        if (!retry) throw err;
      }
    }
  }

  /** The message's seq, and the leaf it follows; the message becomes the session's leaf. */
  private async nextMessageSeq(
    msg: NewMessage,
    forks: boolean,
  ): Promise<{ seq: number; leaf: string | null }> {
    // $inc hands out each seq once. No projection: FerretDB 1.24 has none on findAndModify.
    const set = forks ? { activeLeafId: msg._id, branched: true } : { activeLeafId: msg._id };
    const before = await this.queue.run(msg.sessionId, () =>
      this.c.sessions.findOneAndUpdate(
        { _id: msg.sessionId },
        { $inc: { messageCount: 1 }, $max: { updatedAt: msg.createdAt }, $set: set },
        { returnDocument: 'before' },
      ),
    );
    if (!before)
      throw new Error(`cannot append a message: session ${msg.sessionId} does not exist`);
    const seq = before.messageCount + 1;
    if (before.activeLeafId != null || before.messageCount === 0) {
      return { seq, leaf: before.activeLeafId ?? null };
    }
    // A session stored before branches: its leaf is its newest message.
    const newest = await this.c.messages.findOne(
      { sessionId: msg.sessionId },
      { sort: { seq: -1 }, projection: { _id: 1 } },
    );
    return { seq, leaf: newest?._id ?? null };
  }
}
