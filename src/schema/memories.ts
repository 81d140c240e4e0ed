/** Long-term memory: Memory, memories and deleteMemory (the viewer's own only). */
import type { MemoryDoc } from '../model/documents.js';
import { countMemories, deleteMemory, listMemories, memoryFilter } from '../resolvers/memories.js';
import { builder } from './builder.js';
import { countedConnection, memoryCodec, resolveKeysetConnection } from './pagination.js';

const MemoryRef = builder.objectRef<MemoryDoc>('Memory').implement({
  description: 'Something the agent keeps for the user across sessions (the memory_store tool).',
  fields: (t) => ({
    id: t.exposeID('_id', { description: 'The id deleteMemory takes.' }),
    content: t.exposeString('content', { description: 'What is remembered.' }),
    sessionId: t.exposeID('sessionId', {
      nullable: true,
      description: 'The session it was stored from (which may since be deleted); null when none.',
    }),
    turnId: t.exposeID('turnId', {
      nullable: true,
      description: 'The turn it was stored in; null when none.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was stored.' }),
  }),
});

builder.queryField('memories', (t) =>
  t.connection(
    {
      type: MemoryRef,
      description: "The caller's memories, newest first.",
      args: {
        query: t.arg.string({
          required: false,
          description:
            'Only memories holding every word of it (case-insensitive), at most 500 characters; absent or empty: all.',
        }),
      },
      resolve: (_root, args, ctx) => {
        const filter = memoryFilter(ctx, args.query);
        return resolveKeysetConnection(
          args,
          memoryCodec,
          (page) => listMemories(ctx, filter, page),
          () => countMemories(ctx, filter),
        );
      },
    },
    ...countedConnection('Memory', 'memories', 'A memory'),
  ),
);

builder.mutationField('deleteMemory', (t) =>
  t.boolean({
    description: "Deletes one of the caller's memories; missing or someone else's: NOT_FOUND.",
    args: { id: t.arg.id({ required: true, description: 'The memory.' }) },
    resolve: (_root, { id }, ctx) => deleteMemory(ctx, id),
  }),
);
