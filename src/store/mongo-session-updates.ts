/**
 * The MongoDB store's viewer feed log. A position is taken by inserting at it: `_id`
 * (global) and `(userId, userSeq)` are unique, so of two writers (on any instance) that
 * pick the same number one fails with a duplicate key, re-reads the heads and tries
 * the next. FerretDB 1.x applies `$inc` without isolation, so a counter document could
 * hand one number out twice; a unique key it enforces. This instance's own appends go
 * one at a time (no race with itself) and remember the heads, so an append costs one
 * insert unless another instance wrote meanwhile.
 */
import type { Collection, Filter } from 'mongodb';
import { SerialQueue } from '../lib/keyed-queue.js';
import type { NewSessionUpdate, SessionUpdateDoc } from '../model/feed.js';
import { isDuplicateKey } from './mongo-collections.js';
import type { FeedScope, SessionUpdateStore } from './sub-stores.js';

/** Enough for any real contention; past it the append fails like any store write. */
const MAX_ATTEMPTS = 50;
/** Remembered user heads; past this many users the memory starts over (a re-read each). */
const MAX_REMEMBERED_USERS = 10_000;

interface Head {
  position: number;
  at: Date;
}

export class MongoSessionUpdates implements SessionUpdateStore {
  private readonly serial = new SerialQueue();
  private global: Head | undefined;
  private readonly users = new Map<string, number>();

  constructor(private readonly updates: Collection<SessionUpdateDoc>) {}

  append(update: NewSessionUpdate): Promise<SessionUpdateDoc> {
    return this.serial.run(() => this.insertNext(update));
  }

  private async insertNext(update: NewSessionUpdate): Promise<SessionUpdateDoc> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const global = this.global ?? (await this.readGlobalHead());
      const userSeq =
        (this.users.get(update.userId) ?? (await this.readUserHead(update.userId))) + 1;
      const doc: SessionUpdateDoc = {
        ...update,
        _id: global.position + 1,
        userSeq,
        at: new Date(Math.max(global.at.getTime(), update.at.getTime())),
      };
      try {
        await this.updates.insertOne(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another instance took one of the numbers: read both heads again.
        this.global = undefined;
        this.users.delete(update.userId);
        continue;
      }
      this.global = { position: doc._id, at: doc.at };
      if (this.users.size >= MAX_REMEMBERED_USERS) this.users.clear();
      this.users.set(update.userId, userSeq);
      return doc;
    }
    throw new Error('sessionUpdates: no free position after repeated conflicts');
  }

  private async readGlobalHead(): Promise<Head> {
    const [newest] = await this.updates.find({}).sort({ _id: -1 }).limit(1).toArray();
    return newest ? { position: newest._id, at: newest.at } : { position: 0, at: new Date(0) };
  }

  private async readUserHead(userId: string): Promise<number> {
    const [newest] = await this.updates
      .find({ userId }, { projection: { userSeq: 1 } })
      .sort({ userSeq: -1 })
      .limit(1)
      .toArray();
    return newest?.userSeq ?? 0;
  }

  after(scope: FeedScope, position: number, limit: number): Promise<SessionUpdateDoc[]> {
    if (limit <= 0) return Promise.resolve([]); // limit(0) would mean "no limit"
    const { filter, key } = inOrder(scope, { $gt: position });
    return this.updates
      .find(filter)
      .sort({ [key]: 1 })
      .limit(limit)
      .toArray();
  }

  at(scope: FeedScope, position: number): Promise<SessionUpdateDoc | null> {
    return this.updates.findOne(inOrder(scope, position).filter);
  }

  async head(scope: FeedScope): Promise<number> {
    if ('allUsers' in scope) return (await this.readGlobalHead()).position;
    return this.readUserHead(scope.userId);
  }

  /**
   * Each user's newest update and the newest of all stay, however old: positions go on
   * from them. A log pruned empty would number from 1 again, while another instance,
   * remembering the old heads, went on from there: two interleaved sequences.
   */
  async prune(olderThan: Date): Promise<number> {
    const global = await this.readGlobalHead();
    const users = await this.updates
      .aggregate<{ _id: string }>([
        { $match: { at: { $lt: olderThan } } },
        { $group: { _id: '$userId' } },
      ])
      .toArray();
    let deleted = 0;
    for (const { _id: userId } of users) {
      const newest = await this.readUserHead(userId);
      const { deletedCount } = await this.updates.deleteMany({
        userId,
        at: { $lt: olderThan },
        userSeq: { $lt: newest },
        _id: { $ne: global.position },
      });
      deleted += deletedCount;
    }
    return deleted;
  }
}

/** The filter on the scope's position, and the field that orders it. */
function inOrder(scope: FeedScope, position: number | { $gt: number }) {
  if ('allUsers' in scope) {
    return { filter: { _id: position } as Filter<SessionUpdateDoc>, key: '_id' };
  }
  const filter: Filter<SessionUpdateDoc> = { userId: scope.userId, userSeq: position };
  return { filter, key: 'userSeq' };
}
