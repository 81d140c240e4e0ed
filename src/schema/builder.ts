/** The Pothos builder and nothing else: types live in one file per area. */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from '../resolvers/context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  /** Every connection can count its items (lazily, only when totalCount is asked for). */
  Connection: { countAll: () => Promise<number> };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Ids are plain (a client may choose a session's UUID): no global ids, no node field.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: {
      nullable: { list: false, items: false },
      description: 'The items of this page, in order.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: "The item's cursor, for after or before." },
    pageInfoFieldOptions: { description: 'Where this page lies in the whole connection.' },
    pageInfoTypeOptions: { description: 'Where a page lies in its connection.' },
    hasNextPageFieldOptions: { description: 'More items follow (when paging forward).' },
    hasPreviousPageFieldOptions: { description: 'More items precede (when paging backward).' },
    startCursorFieldOptions: { description: 'The first item of the page; null when empty.' },
    endCursorFieldOptions: { description: 'The last item of the page; null when empty.' },
    firstArgOptions: {
      description: 'Forward: the first n items after `after` (default 20, at most 100).',
    },
    afterArgOptions: { description: 'Forward: items after this cursor.' },
    lastArgOptions: { description: 'Backward: the last n items before `before` (at most 100).' },
    beforeArgOptions: { description: 'Backward: items before this cursor.' },
  },
});

/** The builder's type parameters, for helpers that build fields outside a type's definition. */
export type SchemaTypes =
  typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.queryType({ description: 'Reads: sessions, their history, and the audit trail.' });
builder.mutationType({ description: 'Chat turns, session changes and tickets.' });
builder.subscriptionType({ description: 'Live events (graphql-ws, or SSE).' });
