/**
 * The query limits every transport goes through (they are envelop plugins, so HTTP,
 * SSE and graphql-ws alike): graphql-armor's depth, alias, token, directive and cost
 * limits, introspection and "Did you mean" hints switchable by config.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import {
  type ExecutionResult,
  GraphQLError,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  Source,
  TokenKind,
  type ValidationContext,
} from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { LimitsConfig } from '../config.js';
import { LruCache } from '../lib/lru-cache.js';

/**
 * A refused query as a coded GraphQL error. Armor words its errors "Syntax Error: ...";
 * they are not syntax errors, so the prefix goes. `rule` and `limit` tell a client which
 * limit it hit and how far it may go.
 */
function limitError(error: GraphQLError, rule: string, limit: number): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    extensions: { code: 'BAD_USER_INPUT', rule, limit },
  });
}

/**
 * Armor throws from inside validation by default, which stops graphql-js mid-visit.
 * Reporting instead makes the error an ordinary validation error: Yoga answers it as the
 * GraphQL-over-HTTP spec says (400 with application/graphql-response+json, 200 with
 * legacy application/json) and graphql-ws sends it as an `error` message.
 */
function reject(rule: string, limit: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) => {
        const coded = limitError(error, rule, limit);
        // The token limit runs while parsing, with no validation context: throwing makes
        // it a parse error, which Yoga and our WebSocket adapter answer as such.
        if (!ctx) throw coded;
        ctx.reportError(coded);
      },
    ],
  };
}

export function limitPlugins(limits: LimitsConfig): Plugin[] {
  const plugins: Plugin[] = [
    useNestingLimit(MAX_NESTING, limits.maxTokens),
    EnvelopArmorPlugin<YogaInitialContext>({
      maxDepth: { n: limits.maxDepth, ...reject('maxDepth', limits.maxDepth) },
      maxAliases: { n: limits.maxAliases, ...reject('maxAliases', limits.maxAliases) },
      maxTokens: { n: limits.maxTokens, ...reject('maxTokens', limits.maxTokens) },
      maxDirectives: {
        n: limits.maxDirectives,
        ...reject('maxDirectives', limits.maxDirectives),
      },
      costLimit: { maxCost: limits.maxCost, ...reject('maxCost', limits.maxCost) },
      // Masked by our own plugin below, which also covers execution-time errors.
      blockFieldSuggestion: { enabled: false },
    }),
  ];
  // graphql-js's own rule (what the envelop/Yoga disable-introspection plugins add);
  // added here because Yoga's plugin keys on the HTTP request, which graphql-ws lacks.
  if (!limits.introspection) {
    plugins.push({
      onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule),
    });
  }
  if (!limits.fieldSuggestions) plugins.push(useNoSuggestions());
  return plugins;
}

/**
 * graphql-js parses recursively: about a thousand nested brackets (`[[[[...`, well
 * inside the token limit) overflow the stack, a RangeError answered with a 500. No
 * query within the depth limit comes near this many levels of brackets and braces.
 */
export const MAX_NESTING = 100;

/**
 * Query texts whose nesting verdict is kept: at most this many, each at most this
 * long (clients choose the texts; a longer one is lexed every time).
 */
const MAX_CACHED_SOURCES = 1000;
const MAX_CACHED_SOURCE_LENGTH = 8192;

/** Counts nesting with graphql-js's lexer (a loop, no recursion) before the parser runs. */
function useNestingLimit(maxNesting: number, maxTokens: number): Plugin {
  const OPEN = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
  const CLOSE = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);
  const nesting = (source: string | Source): number => {
    const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
    let depth = 0;
    try {
      // Past maxTokens the token limit refuses the document anyway.
      for (let n = 0, t = lexer.advance(); t.kind !== TokenKind.EOF && n <= maxTokens; n++) {
        if (OPEN.has(t.kind) && ++depth > maxNesting) return depth;
        if (CLOSE.has(t.kind)) depth--;
        t = lexer.advance();
      }
    } catch {
      // A lexical error: the parser reports it, with its location.
    }
    return 0;
  };
  // Clients send the same few documents again and again: the verdict is kept per
  // query text, as Yoga keeps the parsed document (lexing it costs ~10 us a request).
  const tooDeep = new LruCache<boolean>(MAX_CACHED_SOURCES);
  const isTooDeep = (source: string | Source): boolean => {
    const text = typeof source === 'string' ? source : source.body;
    if (text.length > MAX_CACHED_SOURCE_LENGTH) return nesting(source) > maxNesting;
    let verdict = tooDeep.get(text);
    if (verdict === undefined) {
      verdict = nesting(source) > maxNesting;
      tooDeep.set(text, verdict);
    }
    return verdict;
  };
  return {
    onParse: ({ params }) => {
      if (isTooDeep(params.source)) {
        // `http` as Yoga marks a parse error: 400, or 200 for legacy application/json.
        const http = { spec: true, status: 400 };
        throw new GraphQLError(`Nesting limit of ${maxNesting} brackets exceeded.`, {
          extensions: { code: 'BAD_USER_INPUT', rule: 'maxNesting', limit: maxNesting, http },
        });
      }
    },
  };
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Removes "Did you mean ...?" from error messages, which would otherwise spell out the
 * schema to someone without introspection. Armor's plugin only covers validation;
 * variable values are checked at execution ("Field "contnt" is not defined by type
 * "SendChatInput". Did you mean "content"?"), so results are cleaned as well.
 */
function useNoSuggestions(): Plugin {
  const clean = <E extends Error>(errors: readonly E[]) =>
    errors.map((error) => {
      if (!(error instanceof GraphQLError)) return error;
      const message = error.message.replace(SUGGESTION, '');
      if (message === error.message) return error;
      return new GraphQLError(message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: error.extensions,
      });
    });
  const cleanResult = ({
    result,
    setResult,
  }: {
    result: unknown;
    setResult: (r: ExecutionResult) => void;
  }) => {
    const r = result as ExecutionResult;
    if (r && typeof r === 'object' && 'errors' in r && r.errors) {
      setResult({ ...r, errors: clean(r.errors) });
    }
  };
  return {
    onValidate:
      () =>
      ({ valid, result, setResult }) => {
        if (!valid) setResult(clean(result));
      },
    onExecute: () => ({ onExecuteDone: cleanResult as never }),
    onSubscribe: () => ({ onSubscribeResult: cleanResult as never }),
  };
}
