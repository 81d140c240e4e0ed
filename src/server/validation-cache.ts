/**
 * Validation results kept per document and rule set, in place of Yoga's validation
 * cache, which builds its key from every rule's name on every request (~6 us of
 * `Function.name` reads and a join for Parley's ~40 rules). Here the key is the parsed
 * document itself (Yoga's parse cache hands out the same one for the same text), and
 * rules are compared one by one: by identity (graphql-js's rules are made once), else
 * by name, as Yoga's key does (graphql-armor makes its rules anew for every request).
 * Placed last among the plugins, so it sees every rule the others added.
 */
import type { DocumentNode, GraphQLSchema, ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Rule sets kept per document. */
const MAX_RULE_SETS = 4;

interface Validated {
  rules: readonly ValidationRule[] | undefined;
  result: readonly Error[];
}

function sameRules(
  a: readonly ValidationRule[] | undefined,
  b: readonly ValidationRule[] | undefined,
) {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i]!.name !== b[i]!.name) return false;
  return true;
}

export function useValidationCache(): Plugin {
  // Weak on both: a schema or document nobody holds any more takes its results along.
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Validated[]>>();
  return {
    onValidate({ params: { schema, documentAST, rules }, setResult }) {
      let byDocument = bySchema.get(schema);
      if (!byDocument) {
        byDocument = new WeakMap();
        bySchema.set(schema, byDocument);
      }
      const entries = byDocument.get(documentAST);
      for (const entry of entries ?? []) {
        if (sameRules(entry.rules, rules)) return setResult(entry.result as never);
      }
      // The rules are the same for every request of a server, so a document has one
      // entry; the bound is there should a plugin ever vary them.
      const snapshot = rules ? [...rules] : undefined;
      return ({ result }) => {
        const list = entries ?? [];
        if (list.length >= MAX_RULE_SETS) list.shift();
        list.push({ rules: snapshot, result });
        byDocument.set(documentAST, list);
      };
    },
  };
}
