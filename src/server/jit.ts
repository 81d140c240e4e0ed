/**
 * Queries and mutations run compiled (graphql-jit through @envelop/graphql-jit): a
 * document is compiled once into plain JavaScript and then executed without
 * graphql-js's per-field interpretation. Subscriptions stay on graphql-js: the
 * fan-out fast path (server/fanout/) already executes each event once per selection.
 * The compiled documents live in a bounded cache, least recently used out first, so
 * clients sending ever new documents cost bounded memory.
 *
 * What the compiled form refuses before running anything (variables graphql-jit
 * cannot coerce, a document it cannot compile) runs on graphql-js instead, for
 * graphql-js's errors (with their suggestions, unless FIELD_SUGGESTIONS=false masks
 * them) rather than jit's. Checking variables with graphql-js first would cost every
 * request a second coercion; a refusal costs only the refused one.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { ExecutionResult } from 'graphql';
import { mapMaybePromise, type Plugin } from 'graphql-yoga';
import { LruCache } from '../lib/lru-cache.js';

/** Distinct documents kept compiled. */
const MAX_COMPILED = 1000;

type ExecuteFn = (args: never) => unknown;

/**
 * A refusal before execution: graphql-jit answers bad variables (and a document it
 * could not compile) with errors and no `data`; an executed operation always has `data`.
 */
function refusedBeforeExecution(result: unknown): boolean {
  const r = result as ExecutionResult | null;
  return r !== null && typeof r === 'object' && !('data' in r) && (r.errors?.length ?? 0) > 0;
}

export function useCompiledQueries(): Plugin {
  const jit = useGraphQlJit({}, { cache: new LruCache(MAX_COMPILED) });
  // Without enableIf the plugin sets one and the same execute function on every
  // operation: taken once here, so a request makes no closures of its own.
  let compiled: ExecuteFn | undefined;
  jit.onExecute!({
    setExecuteFn: (fn: ExecuteFn) => {
      compiled = fn;
    },
  } as never);
  if (!compiled) throw new Error('@envelop/graphql-jit set no execute function');
  const run = compiled;
  // By what runs without the compiled form: graphql-js, or what an earlier plugin set.
  const withFallback = new WeakMap<ExecuteFn, ExecuteFn>();
  const fallingBackTo = (interpreted: ExecuteFn): ExecuteFn => {
    let execute = withFallback.get(interpreted);
    if (!execute) {
      execute = (args) =>
        mapMaybePromise(run(args), (result) =>
          refusedBeforeExecution(result) ? interpreted(args) : result,
        );
      withFallback.set(interpreted, execute);
    }
    return execute;
  };
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(fallingBackTo(executeFn as ExecuteFn) as never);
    },
  };
}
