/**
 * What each session event becomes in the audit trail (the original's
 * kernel_event_to_audit_action, seeds/003): an action and a detail of ids, names,
 * counts and statuses, never content. Token events get no entry: the recorder counts
 * them per turn (OpenTurn) for the turn's AGENT_EXIT.
 */
import type { SessionEvent } from '../model/events.js';

/** What the recorder keeps of a turn between its first event and its DoneEvent. */
export interface OpenTurn {
  tokens: number;
  startedAt: number;
}

type Mapped = { action: string; detail: unknown } | null;

/** Failure messages are ours or the provider's; bounded so no large payload rides along. */
const MAX_ERROR_LENGTH = 200;

export function entryOf(e: SessionEvent, turn: OpenTurn): Mapped {
  switch (e.type) {
    case 'turnStarted': // its AGENT_SPAWN says it; the message's content is not kept
      return null;
    case 'token':
      turn.tokens += 1;
      return null;
    case 'toolStart':
      return { action: 'TOOL_CALL', detail: { toolName: e.toolName, toolCallId: e.toolCallId } };
    case 'toolProgress':
      return { action: 'OTHER', detail: progressDetail(e.toolName, e.tabId, e.context) };
    case 'toolEnd':
      return {
        action: 'TOOL_RESULT',
        detail: {
          toolName: e.toolName,
          toolCallId: e.toolCallId,
          isError: e.isError,
          durationMs: e.durationMs,
        },
      };
    case 'memory':
      return e.action === 'RECALL'
        ? {
            action: 'MEMORY_READ',
            detail: { count: e.count, source: e.source, queryLength: e.query?.length ?? 0 },
          }
        : {
            action: 'MEMORY_WRITE',
            detail: { count: e.count, source: e.source, memoryId: e.memoryId ?? null },
          };
    case 'toolApprovalRequest':
      return {
        action: 'APPROVAL_REQUESTED',
        detail: { approvalId: e.approvalId, toolName: e.toolName, toolCallId: e.toolCallId },
      };
    case 'toolApprovalResolved':
      return {
        action: 'APPROVAL_RESOLVED',
        detail: {
          approvalId: e.approvalId,
          toolName: e.toolName,
          decision: e.decision,
          resolvedBy: e.resolvedBy,
        },
      };
    case 'usage':
      return { action: 'OTHER', detail: `tokens:in=${e.inputTokens}:out=${e.outputTokens}` };
    case 'reasoning':
      return { action: 'OTHER', detail: `reasoning:${e.source}` };
    case 'done':
      return {
        action: 'AGENT_EXIT',
        detail: {
          turnId: e.turnId,
          status: e.status,
          ...(e.error != null && { error: e.error.slice(0, MAX_ERROR_LENGTH) }),
          tokens: turn.tokens,
          durationMs: e.durationMs ?? e.at.getTime() - turn.startedAt,
        },
      };
  }
}

/** As the original: `tool_progress:<tool>[:tab=<id>][:<context kind>]`, never the progress text. */
function progressDetail(toolName: string, tabId?: string | null, context?: unknown): string {
  let detail = `tool_progress:${toolName}`;
  if (tabId) detail += `:tab=${tabId}`;
  const kind = (context as { kind?: unknown } | null | undefined)?.kind;
  if (typeof kind === 'string') detail += `:${kind}`;
  return detail;
}
