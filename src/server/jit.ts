/**
 * Queries and mutations run compiled (graphql-jit through @envelop/graphql-jit): a
 * document is compiled once into plain JavaScript and then executed without
 * graphql-js's per-field interpretation. What graphql-jit cannot compile runs on
 * graphql-js as before (the plugin falls back). Subscriptions stay on graphql-js: the
 * fan-out fast path (server/fanout/) already executes each event once per selection.
 * The compiled documents live in a bounded cache, least recently used out first, so
 * clients sending ever new documents cost bounded memory.
 */
import { type JITCache, useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, getVariableValues } from 'graphql';

/** Distinct documents kept compiled. */
const MAX_COMPILED = 1000;

type Entry = Parameters<JITCache['set']>[1];

/** A Map keeps insertion order: a hit moves its entry to the end, the first is the oldest. */
export class LruCache implements JITCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max: number) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, value: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

export function useCompiledQueries() {
  return useGraphQlJit(
    {},
    {
      enableIf: (args) => {
        const operation = getOperationAST(args.document, args.operationName);
        if (!operation || operation.operation === 'subscription') return false;
        // Variables graphql-js would refuse run there, for its errors (with their
        // suggestions, unless FIELD_SUGGESTIONS=false masks them) rather than jit's.
        const definitions = operation.variableDefinitions ?? [];
        if (definitions.length === 0) return true;
        const coerced = getVariableValues(args.schema, definitions, args.variableValues ?? {});
        return coerced.errors === undefined;
      },
      cache: new LruCache(MAX_COMPILED),
    },
  );
}
