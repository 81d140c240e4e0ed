/**
 * Keyset connections: cursors encode the item's sort key (opaque base64url), so a
 * cursor stays valid when new items arrive. `first`/`last` default to 20 and may not
 * exceed 100; anything else is BAD_USER_INPUT rather than silently clamped.
 */
import { type PageInfoShape, resolveCursorConnection } from '@pothos/plugin-relay';
import { badUserInput } from '../resolvers/errors.js';
import type { KeysetPage } from '../store/store.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface CursorCodec<K, T> {
  keyOf(item: T): K;
  encode(key: K): string;
  /** Returns null for a cursor that is not one of ours. */
  decode(cursor: string): K | null;
}

export function checkPageArgs(args: ConnectionArgs): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badUserInput(`${name} must be between 0 and ${MAX_PAGE_SIZE}`, { argument: name });
    }
  }
  if (args.first != null && args.last != null) {
    throw badUserInput('pass either first or last, not both');
  }
}

export function resolveKeysetConnection<K, T>(
  args: ConnectionArgs,
  codec: CursorCodec<K, T>,
  fetchPage: (page: KeysetPage<K>) => Promise<T[]>,
): Promise<KeysetConnection<T>> {
  checkPageArgs(args);
  const decode = (name: string, cursor: string | null | undefined): K | null => {
    if (cursor == null) return null;
    const key = codec.decode(cursor);
    if (key === null) throw badUserInput(`${name} is not a valid cursor`, { argument: name });
    return key;
  };
  const connection = resolveCursorConnection(
    {
      args,
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      toCursor: (item) => codec.encode(codec.keyOf(item as T)),
    },
    ({ after, before, limit, inverted }) =>
      fetchPage({
        after: decode('after', after),
        before: decode('before', before),
        limit,
        fromEnd: inverted,
      }),
  );
  // fetchPage never yields null, so neither does the connection; its nodes are T.
  return connection as Promise<KeysetConnection<T>>;
}

export interface KeysetConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
}

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const decodeText = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** Cursors over items ordered by a per-session seq. */
export function seqCodec<T extends { seq: number }>(prefix: string): CursorCodec<number, T> {
  return {
    keyOf: (item) => item.seq,
    encode: (seq) => encode(`${prefix}:${seq}`),
    decode: (cursor) => {
      const match = new RegExp(`^${prefix}:(\\d{1,15})$`).exec(decodeText(cursor));
      return match ? Number(match[1]) : null;
    },
  };
}

/** A connection result that also knows how to count all its items (only run when asked). */
export interface Counted {
  countAll: () => Promise<number>;
}

export async function withCount<C extends object>(
  connection: Promise<C>,
  countAll: () => Promise<number>,
): Promise<C & Counted> {
  return Object.assign(await connection, { countAll });
}

export const totalCountField = {
  description: 'How many items the whole connection holds, across all pages.',
  resolve: (connection: Counted) => connection.countAll(),
};
