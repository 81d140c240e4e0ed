/**
 * The audit trail in MongoDB (also FerretDB 1.24): collection `audit`, `_id` = seq.
 * The unique `_id` is what keeps several instances from forking the chain: a second
 * insert of the same seq fails with a duplicate key and ChainedAuditLog retries after
 * the new last entry. Only plain find/sort/limit, insertMany, deleteMany and
 * countDocuments: no transactions, no change streams.
 */
import {
  type Collection,
  type Db,
  type Filter,
  type IndexDescription,
  MongoBulkWriteError,
} from 'mongodb';
import { isDuplicateKey } from '../store/mongo-collections.js';
import { createIndexes } from '../store/mongo-indexes.js';
import type { KeysetPage } from '../store/store.js';
import { type AuditEntry, type AuditFilter, ChainedAuditLog, sessionResource } from './log.js';

/** As stored: the seq lives only in `_id`, so there is no second copy to disagree. */
export type AuditDoc = Omit<AuditEntry, 'seq'> & { _id: number };

const indexes: IndexDescription[] = [
  // Equality filters, then seq order for keyset pages.
  { key: { actor: 1, _id: 1 }, name: 'actor_seq' },
  { key: { action: 1, _id: 1 }, name: 'action_seq' },
  { key: { resource: 1, _id: 1 }, name: 'resource_seq' },
  // Time-range filters and pruning.
  { key: { at: 1 }, name: 'at' },
];

function entryOf({ _id, ...rest }: AuditDoc): AuditEntry {
  // A stored null detail must read back as null (not missing) to hash as appended.
  return { seq: _id, ...rest, detail: rest.detail ?? null };
}

function docOf({ seq, ...rest }: AuditEntry): AuditDoc {
  return { _id: seq, ...rest };
}

function filterOf(f: AuditFilter, page?: KeysetPage<number>): Filter<AuditDoc> {
  const q: Filter<AuditDoc> = {};
  if (f.actor != null) q.actor = f.actor;
  if (f.action != null) q.action = f.action;
  if (f.sessionId != null) q.resource = sessionResource(f.sessionId);
  if (f.from != null || f.to != null) {
    q.at = {
      ...(f.from != null && { $gte: f.from }),
      ...(f.to != null && { $lt: f.to }),
    };
  }
  if (page && (page.after != null || page.before != null)) {
    q._id = {
      ...(page.after != null && { $gt: page.after }),
      ...(page.before != null && { $lt: page.before }),
    };
  }
  return q;
}

export class MongoAuditLog extends ChainedAuditLog {
  private readonly c: Collection<AuditDoc>;

  constructor(db: Db, now?: () => Date) {
    super(now);
    this.c = db.collection<AuditDoc>('audit');
  }

  async init(): Promise<void> {
    await createIndexes(this.c, indexes);
  }

  async list(filter: AuditFilter, page: KeysetPage<number>): Promise<AuditEntry[]> {
    if (page.limit <= 0) return [];
    const docs = await this.c
      .find(filterOf(filter, page))
      .sort({ _id: page.fromEnd ? -1 : 1 })
      .limit(page.limit)
      .toArray();
    return docs.map(entryOf);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.c.countDocuments(filterOf(filter));
  }

  async readRange(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const docs = await this.c
      .find({ _id: { $gt: afterSeq } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(entryOf);
  }

  protected async last(): Promise<AuditEntry | null> {
    const doc = await this.c.find({}).sort({ _id: -1 }).limit(1).next();
    return doc && entryOf(doc);
  }

  protected async tryInsertMany(entries: readonly AuditEntry[]): Promise<number> {
    try {
      // Ordered: the insert stops at the first taken seq, so what went in is a prefix.
      await this.c.insertMany(entries.map(docOf), { ordered: true });
      return entries.length;
    } catch (err) {
      if (err instanceof MongoBulkWriteError && isDuplicateKey(err)) return err.insertedCount;
      if (isDuplicateKey(err)) return 0;
      throw err;
    }
  }

  protected async newestBefore(before: Date): Promise<AuditEntry | null> {
    const doc = await this.c
      .find({ at: { $lt: before } })
      .sort({ _id: -1 })
      .limit(1)
      .next();
    return doc && entryOf(doc);
  }

  protected async firstSeq(): Promise<number | null> {
    const doc = await this.c
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(1)
      .next();
    return doc?._id ?? null;
  }

  protected async deleteBelow(seq: number): Promise<number> {
    const { deletedCount } = await this.c.deleteMany({ _id: { $lt: seq } });
    return deletedCount;
  }
}
