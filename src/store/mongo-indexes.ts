/** Index creation for every MongoDB collection Parley keeps (the store's, the tickets', the audit trail's). */
import type { IndexDescription } from 'mongodb';

/** The part of a driver Collection this needs (any document type). */
interface Indexable {
  createIndexes(indexes: IndexDescription[]): Promise<string[]>;
}

/**
 * Creates the collection's indexes (those that exist already stay as they are).
 * One index per command: FerretDB 1.24 drops the connection on a createIndexes that
 * lists several indexes which all exist already (every start after the first).
 */
export async function createIndexes(
  collection: Indexable,
  indexes: readonly IndexDescription[],
): Promise<void> {
  for (const index of indexes) await collection.createIndexes([index]);
}
