/**
 * The `memory_recall` tool: the user's long-term memories (every session) and their
 * own earlier messages in this session (other turns) that contain every query word.
 * Emits one MemoryEvent per source (`memories`, then `session-history`), so clients
 * see what the agent looked up.
 */
import { z } from 'zod';
import type { MemoryDoc, MessageDoc } from '../../model/documents.js';
import { defineTool, truncate } from './tool.js';

/** A model reads at most this many matches of each source, each cut to ITEM_LIMIT characters. */
const OUTPUT_ITEMS = 20;
const ITEM_LIMIT = 500;

export interface Recalled {
  /** The newest matches, newest first. */
  memories: MemoryDoc[];
  /** How many match in all. */
  memoryCount: number;
  /** Oldest first. */
  messages: MessageDoc[];
}

export const memoryRecallTool = defineTool({
  name: 'memory_recall',
  description:
    "Searches the user's long-term memories and their earlier messages in this conversation for ones containing every word of the query (case-insensitive).",
  args: z.object({
    query: z.string().describe('Words the memories or messages must contain, e.g. "cat name"'),
  }),
  async run({ query }, run) {
    const asked = query.trim() !== '';
    run.progress('searching memories');
    const { memories, count } = asked
      ? await run.context.recallMemories(query)
      : { memories: [], count: 0 };
    run.emit({ type: 'memory', action: 'RECALL', query, count, source: 'memories' });
    run.progress('searching session history');
    const messages = asked ? await run.context.recall(query) : [];
    run.emit({
      type: 'memory',
      action: 'RECALL',
      query,
      count: messages.length,
      source: 'session-history',
    });
    const list = (items: { content: string }[]) =>
      items.slice(0, OUTPUT_ITEMS).map((m) => `- ${truncate(m.content, ITEM_LIMIT)}`);
    const output = [
      count === 0
        ? `No stored memory of the user mentions "${query}".`
        : `${count} stored memory(ies) of the user mention "${query}" (the newest ${memories.length} below):`,
      ...list(memories),
      messages.length === 0
        ? `No earlier message of the user mentions "${query}".`
        : `${messages.length} earlier message(s) of the user mention "${query}" (oldest first):`,
      ...list(messages.slice(-OUTPUT_ITEMS)),
    ].join('\n');
    const summary = `${count} memory(ies), ${messages.length} message(s) found`;
    const data: Recalled = { memories, memoryCount: count, messages };
    return { output, summary, isError: false, data };
  },
});
