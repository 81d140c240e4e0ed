/**
 * Keyset connections: cursors encode the item's sort key (opaque base64url), so a
 * cursor stays valid when new items arrive. `first`/`last` default to 20 and may not
 * exceed 100; anything else is BAD_USER_INPUT rather than silently clamped.
 */
import { type PageInfoShape, resolveCursorConnection } from '@pothos/plugin-relay';
import type { MemoryDoc, SessionDoc } from '../model/documents.js';
import { badUserInput } from '../resolvers/errors.js';
import type { KeysetPage, MemoryKey, SessionKey } from '../store/store.js';
import type { SchemaTypes } from './builder.js';

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

/**
 * Resolves a keyset connection: one page through `fetchPage`, and `countAll`, which
 * runs only when totalCount is asked for.
 */
export async function resolveKeysetConnection<K, T>(
  args: ConnectionArgs,
  codec: CursorCodec<K, T>,
  fetchPage: (page: KeysetPage<K>) => Promise<T[]>,
  countAll: () => Promise<number>,
): Promise<KeysetConnection<T> & Counted> {
  checkPageArgs(args);
  // One closure per call (the page read): the bench runs the sources under tsx, whose
  // keepNames gives every closure made per request a defineProperty of its name.
  const connection = await resolveCursorConnection(
    {
      args,
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      toCursor: toCursorOf(codec) as (item: unknown) => string,
    },
    ({ after, before, limit, inverted }) =>
      fetchPage({
        after: decodeCursor(codec, 'after', after),
        before: decodeCursor(codec, 'before', before),
        limit,
        fromEnd: inverted,
      }),
  );
  // fetchPage never yields null, so neither does the connection; its nodes are T.
  return Object.assign(connection as KeysetConnection<T>, { countAll });
}

function decodeCursor<K>(
  codec: CursorCodec<K, unknown>,
  name: string,
  cursor: string | null | undefined,
): K | null {
  if (cursor == null) return null;
  const key = codec.decode(cursor);
  if (key === null) throw badUserInput(`${name} is not a valid cursor`, { argument: name });
  return key;
}

/** A codec's item-to-cursor function, made once per codec (codecs are module constants). */
const cursorFunctions = new WeakMap<object, (item: never) => string>();
function toCursorOf<K, T>(codec: CursorCodec<K, T>): (item: T) => string {
  let toCursor = cursorFunctions.get(codec) as ((item: T) => string) | undefined;
  if (!toCursor) {
    toCursor = (item) => codec.encode(codec.keyOf(item));
    cursorFunctions.set(codec, toCursor);
  }
  return toCursor;
}

export interface KeysetConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
}

/**
 * A cursor is `prefix:key` in base64url. The prefix keeps one connection's cursors
 * out of another's; `key` is the text `pattern` matches (anchored after the prefix).
 */
function prefixedCodec<K, T>(
  prefix: string,
  keyOf: (item: T) => K,
  format: (key: K) => string,
  pattern: string,
  parse: (groups: string[]) => K,
): CursorCodec<K, T> {
  const shape = new RegExp(`^${prefix}:${pattern}$`, 's');
  return {
    keyOf,
    encode: (key) => Buffer.from(`${prefix}:${format(key)}`, 'utf8').toString('base64url'),
    decode: (cursor) => {
      const match = shape.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      return match ? parse(match.slice(1)) : null;
    },
  };
}

/** Cursors over items ordered by a per-session seq. */
export function seqCodec<T extends { seq: number }>(prefix: string): CursorCodec<number, T> {
  return prefixedCodec(
    prefix,
    (item: T) => item.seq,
    String,
    '(\\d{1,15})',
    ([seq]) => Number(seq),
  );
}

/** Cursors over sessions in listing order (updatedAt, then id). */
export const sessionCodec = prefixedCodec<SessionKey, SessionDoc>(
  's',
  (s) => ({ updatedAt: s.updatedAt, id: s._id }),
  (k) => `${k.updatedAt.getTime()}:${k.id}`,
  '(\\d{1,15}):(.+)',
  ([ms, id]) => ({ updatedAt: new Date(Number(ms)), id: id! }),
);

/** Cursors over a user's memories in listing order (createdAt, then id). */
export const memoryCodec = prefixedCodec<MemoryKey, MemoryDoc>(
  'mem',
  (m) => ({ createdAt: m.createdAt, id: m._id }),
  (k) => `${k.createdAt.getTime()}:${k.id}`,
  '(\\d{1,15}):(.+)',
  ([ms, id]) => ({ createdAt: new Date(Number(ms)), id: id! }),
);

/** A connection result that also knows how to count all its items (only run when asked). */
export interface Counted {
  countAll: () => Promise<number>;
}

const totalCountField = {
  description: 'How many items the whole connection holds, across all pages.',
  resolve: (connection: Counted) => connection.countAll(),
};

/**
 * The connection and edge options of a counted connection (`<Type>Connection` with
 * totalCount, `<Type>Edge`), for t.connection's second and third arguments.
 */
export function countedConnection(type: string, items: string, anItem: string) {
  return [
    {
      name: `${type}Connection`,
      description: `A page of ${items}.`,
      fields: <S extends Counted>(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, S>) => ({
        totalCount: t.int(totalCountField),
      }),
    },
    { name: `${type}Edge`, description: `${anItem} and its cursor.` },
  ] as const;
}
