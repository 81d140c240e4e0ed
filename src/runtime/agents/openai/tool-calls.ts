/**
 * Assembles streamed tool calls. A model streams each call as deltas keyed by
 * `index`: the first carries the id and function name, the next ones fragments of
 * the JSON arguments, which only parse once the completion has finished.
 */
import { randomUUID } from 'node:crypto';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall;

export interface AssembledToolCall {
  /** The model's id, echoed back in the `tool` message that answers the call. */
  id: string;
  name: string;
  /** The raw JSON text, as the model wrote it. */
  arguments: string;
}

export class ToolCallAssembler {
  private readonly calls = new Map<number, AssembledToolCall>();
  private lastIndex = -1;

  add(deltas: readonly ToolCallDelta[]): void {
    for (const delta of deltas) {
      const index = this.indexOf(delta);
      let call = this.calls.get(index);
      if (!call) {
        call = { id: '', name: '', arguments: '' };
        this.calls.set(index, call);
      }
      this.lastIndex = index;
      if (delta.id && !call.id) call.id = delta.id;
      const name = delta.function?.name;
      // OpenAI sends the name once; some servers repeat it in every delta (kept once),
      // and a name split into fragments is joined.
      if (name && name !== call.name) call.name += name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
    }
  }

  /** The calls in index order; a call the server sent without an id gets one. */
  finish(): AssembledToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({ ...call, id: call.id || `call_${randomUUID()}` }));
  }

  get size(): number {
    return this.calls.size;
  }

  /**
   * `index` is required by the wire format, but some servers leave it out: then a
   * delta with a new id starts a new call and one without continues the last.
   */
  private indexOf(delta: ToolCallDelta): number {
    if (typeof delta.index === 'number') return delta.index;
    if (delta.id) {
      for (const [index, call] of this.calls) if (call.id === delta.id) return index;
      return this.calls.size === 0 ? 0 : Math.max(...this.calls.keys()) + 1;
    }
    return Math.max(this.lastIndex, 0);
  }
}
