/**
 * Follows a turn's events and derives what gets stored when it ends: the reply
 * (tokens concatenated, so a cancelled turn keeps its partial reply), the latest
 * cumulative usage and the tool-call trajectory, whichever agent produced them.
 */
import type { TokenUsage, ToolCallDoc } from '../../model/documents.js';
import type { SessionEvent } from '../../model/events.js';

export class TurnRecord {
  reply = '';
  usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  private readonly toolCalls = new Map<string, ToolCallDoc>();

  constructor(
    readonly sessionId: string,
    readonly turnId: string,
  ) {}

  observe(event: SessionEvent): void {
    switch (event.type) {
      case 'token':
        this.reply += event.content;
        break;
      case 'usage':
        this.usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
        break;
      // A call that needs approval is in the trajectory from its request on: refused,
      // it never starts, and ends (an error) all the same.
      case 'toolApprovalRequest':
      case 'toolStart':
        if (event.type === 'toolApprovalRequest' && this.toolCalls.has(event.toolCallId)) break;
        this.toolCalls.set(event.toolCallId, {
          _id: `${this.turnId}:${event.toolCallId}`,
          sessionId: this.sessionId,
          turnId: this.turnId,
          toolCallId: event.toolCallId,
          toolName: event.toolName,
          toolArgs: event.toolArgs ?? null,
          outputSummary: null,
          durationMs: null,
          isError: false,
          startedAt: event.at,
          seq: event.seq,
        });
        break;
      case 'toolEnd': {
        const call = this.toolCalls.get(event.toolCallId);
        if (call) {
          call.outputSummary = event.outputSummary;
          call.durationMs = event.durationMs;
          call.isError = event.isError;
        }
        break;
      }
    }
  }

  /** The trajectory in start order; a tool that never ended is marked as an error. */
  finishedToolCalls(): ToolCallDoc[] {
    return [...this.toolCalls.values()].map((call) =>
      call.durationMs === null ? { ...call, isError: true, outputSummary: 'interrupted' } : call,
    );
  }
}
