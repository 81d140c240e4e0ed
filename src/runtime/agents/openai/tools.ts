/**
 * The built-in tools as a model sees them (JSON-schema function definitions) and
 * the execution of the calls it makes: the same implementations the local agent
 * runs, with the same ToolStart / ToolProgress / ToolEnd events, after the same gate.
 */
import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions';
import { builtinTools, findTool } from '../../tools/builtin.js';
import { NOT_ASKED, requestApproval, runDecided } from '../../tools/gated.js';
import { errorOutcome } from '../../tools/tool.js';
import type { Emit, ToolContext, ToolDecision } from '../agent.js';
import type { AssembledToolCall } from './tool-calls.js';

export function toolDefinitions(): ChatCompletionFunctionTool[] {
  return builtinTools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

type Parsed = { ok: true; value: unknown } | { ok: false };

/** Models send `""` for a call without arguments. */
function parseArguments(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** One assembled call as the turn's events and its gate see it. */
export interface PreparedCall {
  call: AssembledToolCall;
  /** Unique within the turn (the stored tool call's key); the model's id may repeat. */
  eventId: string;
  args: Parsed;
}

export function prepareCall(call: AssembledToolCall, eventId: string): PreparedCall {
  return { call, eventId, args: parseArguments(call.arguments) };
}

function requestOf({ call, eventId, args }: PreparedCall) {
  return {
    toolCallId: eventId,
    toolName: call.name || 'unknown',
    toolArgs: args.ok ? args.value : call.arguments,
  };
}

/**
 * Asks the turn's gate about every call of a step before any of them runs, so a person
 * sees (and may answer, in any order) all the step's requests at once. A call that
 * could not run anyway (an unknown tool, arguments that do not parse or fit the tool's
 * schema) asks nobody.
 */
export async function requestApprovals(
  calls: readonly PreparedCall[],
  context: ToolContext,
): Promise<Promise<ToolDecision>[]> {
  const decisions: Promise<ToolDecision>[] = [];
  for (const prepared of calls) {
    const tool = findTool(prepared.call.name);
    if (!tool || !prepared.args.ok) {
      decisions.push(Promise.resolve(NOT_ASKED));
      continue;
    }
    decisions.push((await requestApproval(tool, requestOf(prepared), context)).decided);
  }
  return decisions;
}

/**
 * Runs one call as decided and answers it with a `tool` message. An unknown tool or
 * arguments that do not parse are error results the model reads and can correct; a
 * refused call is a result saying so. The events are emitted all the same, so the
 * stored trajectory shows the attempt.
 */
export async function runToolCall(
  prepared: PreparedCall,
  decision: ToolDecision,
  emit: Emit,
  env: { context: ToolContext; signal: AbortSignal },
): Promise<ChatCompletionToolMessageParam> {
  const { call, args } = prepared;
  const tool = findTool(call.name);
  const outcome = await runDecided(
    requestOf(prepared),
    decision,
    emit,
    async (run) => {
      if (!tool) {
        run.progress('looking up the tool');
        const known = builtinTools.map((t) => t.name).join(', ');
        return errorOutcome(`unknown tool "${call.name}" (available: ${known})`);
      }
      if (!args.ok) {
        run.progress('checking arguments');
        return errorOutcome('the arguments are not valid JSON');
      }
      return tool.runUnchecked(args.value, run);
    },
    { ...env, stepDelayMs: 0 },
  );
  return { role: 'tool', tool_call_id: call.id, content: outcome.output };
}

/** Tool-call ids as the events carry them: the model's, made unique within the turn. */
export class EventIds {
  private readonly used = new Set<string>();

  next(modelId: string): string {
    let id = modelId;
    for (let n = 2; this.used.has(id); n++) id = `${modelId}#${n}`;
    this.used.add(id);
    return id;
  }
}
