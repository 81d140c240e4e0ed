/**
 * The `memory_recall` tool: the user's own earlier messages in this session (other
 * turns) that contain every query word, through ToolContext.recall. Emits a
 * MemoryEvent, so clients see what the agent looked up.
 */
import { z } from 'zod';
import type { MessageDoc } from '../../model/documents.js';
import { defineTool, truncate } from './tool.js';

/** A model reads at most this many matches, each cut to MESSAGE_LIMIT characters. */
const OUTPUT_MESSAGES = 20;
const MESSAGE_LIMIT = 500;

export const memoryRecallTool = defineTool({
  name: 'memory_recall',
  description:
    "Searches the user's earlier messages in this conversation for ones containing every word of the query (case-insensitive).",
  args: z.object({
    query: z.string().describe('Words the earlier messages must contain, e.g. "cat name"'),
  }),
  async run({ query }, run) {
    run.progress('searching session history');
    const found: MessageDoc[] = query.trim() ? await run.context.recall(query) : [];
    run.emit({
      type: 'memory',
      action: 'RECALL',
      query,
      count: found.length,
      source: 'session-history',
    });
    const output =
      found.length === 0
        ? `No earlier message of the user mentions "${query}".`
        : [
            `${found.length} earlier message(s) of the user mention "${query}" (oldest first):`,
            ...found.slice(-OUTPUT_MESSAGES).map((m) => `- ${truncate(m.content, MESSAGE_LIMIT)}`),
          ].join('\n');
    return { output, summary: `${found.length} message(s) found`, isError: false, data: found };
  },
});
