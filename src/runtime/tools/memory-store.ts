/**
 * The `memory_store` tool: keeps a fact about the user in their long-term memories
 * (every later session can recall it, through memory_recall). It needs a person's
 * approval by default (TOOLS_REQUIRING_APPROVAL). Emits a MemoryEvent STORE.
 */
import { z } from 'zod';
import type { MemoryDoc } from '../../model/documents.js';
import { defineTool, errorOutcome } from './tool.js';

/** A memory is a fact, not a document: longer ones are refused so the model shortens them. */
export const MEMORY_CONTENT_LIMIT = 2000;

export const memoryStoreTool = defineTool({
  name: 'memory_store',
  description:
    'Stores a short fact about the user in their long-term memory, so later conversations can recall it with memory_recall.',
  args: z.object({
    content: z
      .string()
      .describe('The fact to remember, in a sentence, e.g. "my cat is called Tom"'),
  }),
  async run({ content }, run) {
    const text = content.trim();
    if (text === '') return errorOutcome('content must not be empty');
    if (text.length > MEMORY_CONTENT_LIMIT) {
      return errorOutcome(`content is longer than ${MEMORY_CONTENT_LIMIT} characters`);
    }
    run.progress('storing the memory');
    const memory: MemoryDoc = await run.context.storeMemory(text);
    run.emit({
      type: 'memory',
      action: 'STORE',
      query: null,
      count: 1,
      source: 'memories',
      memoryId: memory._id,
    });
    return {
      output: `Stored memory ${memory._id}.`,
      summary: 'memory stored',
      isError: false,
      data: memory,
    };
  },
});
