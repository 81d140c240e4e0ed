/**
 * The built-in tools' common shape, shared by every agent: one definition (name,
 * description, argument schema) and one implementation per tool, so the local
 * agent's `calculator` and the one a model calls are the same code. invokeTool wraps
 * a run in the ToolStart / ToolProgress / ToolEnd events from which the turn runner
 * derives the stored tool calls.
 */
import { z } from 'zod';
import type { Emit, ToolContext, ToolDecision } from '../agents/agent.js';

/** ToolEnd.outputSummary is for display and storage: long outputs are cut here. */
export const OUTPUT_SUMMARY_LIMIT = 200;

/** What a running tool may use. */
export interface ToolRun {
  context: ToolContext;
  emit: Emit;
  signal: AbortSignal;
  /** Emits a ToolProgressEvent for this call. */
  progress(text: string): void;
  /** Pause between a tool's steps (the local agent's token delay; 0 under a model). */
  stepDelayMs: number;
}

export interface ToolOutcome<D = unknown> {
  /** What a model reads as the tool's result. */
  output: string;
  /** ToolEnd.outputSummary (truncated by invokeTool). */
  summary: string;
  isError: boolean;
  /** Structured result for agents that phrase the reply themselves (the local agent). */
  data?: D;
  /** Set when the call did not run: the decision that refused it (tools/gated.ts). */
  refused?: ToolDecision;
}

export interface Tool<A = unknown, D = unknown> {
  readonly name: string;
  readonly description: string;
  /** JSON schema of the arguments, as offered to a model. */
  readonly parameters: Record<string, unknown>;
  /** Runs with arguments the caller built itself. */
  run(args: A, run: ToolRun): Promise<ToolOutcome<D>>;
  /**
   * Validates arguments from outside (a model) first: invalid ones are an error
   * outcome the model can read and correct, not a failed turn.
   */
  runUnchecked(raw: unknown, run: ToolRun): Promise<ToolOutcome<D>>;
  /** What is wrong with these arguments, or null when they are valid. */
  problems(raw: unknown): string | null;
}

export function defineTool<S extends z.ZodType, D>(spec: {
  name: string;
  description: string;
  args: S;
  run(args: z.output<S>, run: ToolRun): Promise<ToolOutcome<D>>;
}): Tool<z.output<S>, D> {
  // `$schema` is noise to a model, and some servers' grammar converters reject it.
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(spec.args) as Record<string, unknown>;
  return {
    name: spec.name,
    description: spec.description,
    parameters,
    run: spec.run,
    async runUnchecked(raw, run) {
      const parsed = spec.args.safeParse(raw);
      if (parsed.success) return spec.run(parsed.data, run);
      run.progress('checking arguments');
      return errorOutcome(`invalid arguments (${problemsOf(parsed.error)})`);
    },
    problems(raw) {
      const parsed = spec.args.safeParse(raw);
      return parsed.success ? null : problemsOf(parsed.error);
    },
  };
}

function problemsOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
}

export function errorOutcome<D>(message: string): ToolOutcome<D> {
  const text = `error: ${message}`;
  return { output: text, summary: text, isError: true };
}

export interface ToolCallRef {
  toolCallId: string;
  toolName: string;
}

/**
 * Runs one tool call between its ToolStart and ToolEnd events. A tool that throws
 * (a store failure, an abort) still gets its ToolEnd, as an error, and the error
 * propagates: expected failures are outcomes, unexpected ones fail the turn.
 */
export async function invokeTool<D>(
  call: ToolCallRef & { toolArgs: unknown },
  emit: Emit,
  execute: (run: ToolRun) => Promise<ToolOutcome<D>>,
  env: { context: ToolContext; signal: AbortSignal; stepDelayMs: number },
): Promise<ToolOutcome<D>> {
  const ref = { toolCallId: call.toolCallId, toolName: call.toolName };
  const started = performance.now();
  emit({ type: 'toolStart', ...ref, toolArgs: call.toolArgs });
  const run: ToolRun = {
    ...env,
    emit,
    progress: (progress) => emit({ type: 'toolProgress', ...ref, progress }),
  };
  const end = (isError: boolean, summary: string) =>
    emit({
      type: 'toolEnd',
      ...ref,
      durationMs: Math.round(performance.now() - started),
      isError,
      outputSummary: truncate(summary, OUTPUT_SUMMARY_LIMIT),
    });
  try {
    const outcome = await execute(run);
    end(outcome.isError, outcome.summary);
    return outcome;
  } catch (error) {
    end(true, `error: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
