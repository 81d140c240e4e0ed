/**
 * One turn as it assembles: the user's message, the agent's reasoning (collapsed), its
 * memory use and tool calls, the reply growing token by token, then how it ended.
 */

import { ToolRowView } from './ToolRowView.js';
import type { Turn } from './turn-state.js';

export function TurnView({ turn }: { turn: Turn }) {
  const running = turn.status === 'RUNNING';
  return (
    <article
      class="turn"
      data-testid="turn"
      data-status={turn.status}
      // Whether the streamed tokens add up to the stored reply (nothing lost or doubled).
      data-stream-intact={String(turn.streamed === turn.reply)}
    >
      {turn.userText && <p class="bubble user">{turn.userText}</p>}
      {turn.reasoning.length > 0 && (
        <details class="reasoning">
          <summary>Reasoning</summary>
          {turn.reasoning.map((step, i) => (
            <p key={i}>{step}</p>
          ))}
        </details>
      )}
      {turn.memories.map((memory, i) => (
        <p key={i} class="memory" data-testid="memory">
          memory {memory.action.toLowerCase()} ({memory.source}): {memory.count}
          {memory.query ? ` for "${memory.query}"` : ''}
        </p>
      ))}
      {turn.tools.length > 0 && (
        <table class="tools">
          <tbody>
            {turn.tools.map((tool) => (
              <ToolRowView key={tool.toolCallId} tool={tool} />
            ))}
          </tbody>
        </table>
      )}
      {(turn.reply || running) && (
        <p class={running ? 'bubble agent streaming' : 'bubble agent'} data-testid="reply">
          {turn.reply}
        </p>
      )}
      <p class="turn-footer">
        <span class={`turn-status ${turn.status.toLowerCase()}`}>{turn.status.toLowerCase()}</span>
        {turn.durationMs != null && <span data-testid="turn-duration">{turn.durationMs} ms</span>}
        {turn.usage && (
          <span data-testid="usage">
            {turn.usage.inputTokens} in / {turn.usage.outputTokens} out tokens
          </span>
        )}
        {turn.error && <span class="error">{turn.error}</span>}
      </p>
    </article>
  );
}
