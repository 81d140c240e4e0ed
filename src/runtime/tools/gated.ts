/**
 * A tool call after its gate (agents/agent.ts, ToolGate): approved, it runs as any call
 * (invokeTool: start, progress, end); rejected or expired, it does not run, and ends
 * with a ToolEndEvent marked as an error and an outcome the agent reads as the result
 * (a model gets it as the tool's answer; the local agent says it did not do it).
 */
import type { Emit, ToolContext, ToolDecision } from '../agents/agent.js';
import {
  invokeTool,
  OUTPUT_SUMMARY_LIMIT,
  type Tool,
  type ToolCallRef,
  type ToolOutcome,
  type ToolRun,
  truncate,
} from './tool.js';

type ToolEnv = Parameters<typeof invokeTool>[3];

/** The decision of a call that needs no approval (or could not run anyway): nobody was asked. */
export const NOT_ASKED: ToolDecision = {
  status: 'APPROVED',
  resolvedBy: null,
  decisionReason: null,
};

/**
 * Asks the gate about a call of `tool`, unless its arguments are invalid: a call that
 * cannot run is not put to a person (nor its arguments stored); it runs into its error.
 */
export async function requestApproval(
  tool: Tool,
  call: ToolCallRef & { toolArgs: unknown },
  context: ToolContext,
): Promise<{ decided: Promise<ToolDecision> }> {
  if (tool.problems(call.toolArgs) !== null) return { decided: Promise.resolve(NOT_ASKED) };
  return context.gate.request(call);
}

/** Asks the gate, waits for the decision, then runs the call or refuses it. */
export async function invokeGatedTool<D>(
  tool: Tool,
  call: ToolCallRef & { toolArgs: unknown },
  emit: Emit,
  execute: (run: ToolRun) => Promise<ToolOutcome<D>>,
  env: ToolEnv,
): Promise<ToolOutcome<D>> {
  const { decided } = await requestApproval(tool, call, env.context);
  return runDecided(call, await decided, emit, execute, env);
}

export function runDecided<D>(
  call: ToolCallRef & { toolArgs: unknown },
  decision: ToolDecision,
  emit: Emit,
  execute: (run: ToolRun) => Promise<ToolOutcome<D>>,
  env: ToolEnv,
): Promise<ToolOutcome<D>> {
  if (decision.status === 'APPROVED') return invokeTool(call, emit, execute, env);
  const outcome = refusedOutcome<D>(call.toolName, decision);
  emit({
    type: 'toolEnd',
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    durationMs: 0,
    isError: true,
    outputSummary: truncate(outcome.summary, OUTPUT_SUMMARY_LIMIT),
  });
  return Promise.resolve(outcome);
}

function refusedOutcome<D>(toolName: string, decision: ToolDecision): ToolOutcome<D> {
  const why = decision.decisionReason ? `: ${decision.decisionReason}` : '';
  const summary =
    decision.status === 'REJECTED'
      ? `not run: rejected${decision.resolvedBy ? ` by ${decision.resolvedBy}` : ''}${why}`
      : `not run: the approval expired${why}`;
  const output =
    decision.status === 'REJECTED'
      ? `The user rejected this call of ${toolName}${why}. It was not run; do not retry it unless the user asks.`
      : `Nobody approved this call of ${toolName} in time${why}. It was not run.`;
  return { output, summary, isError: true, refused: decision };
}
