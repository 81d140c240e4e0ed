/**
 * The metrics of the events this instance stores and publishes (a tap on the bus):
 * events by type, turn durations, model tokens and tool calls.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { SessionEvent } from '../model/events.js';
import { INTERRUPTED } from '../runtime/errors.js';
import { toolLabel } from './metric-labels.js';

/**
 * Usage events carry a turn's cumulative totals (several per turn with the openai
 * agent's tool steps), so the counters add the growth since the turn's previous one.
 * A turn is forgotten at its DoneEvent; the bound keeps turns whose DoneEvent this
 * instance never publishes (closed by another) from piling up.
 */
const MAX_TRACKED_TURNS = 10_000;

/** Registers the event metrics in `registry`; the function observes one event. */
export function createEventMetrics(registry: Registry): (event: SessionEvent) => void {
  const usageSoFar = new Map<string, { inputTokens: number; outputTokens: number }>();
  const eventsPublished = new Counter({
    name: 'parley_events_published_total',
    help: 'Session events stored and published by this instance, by event type.',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const turnDuration = new Histogram({
    name: 'parley_turn_duration_seconds',
    help: 'Duration of the turns that ended on this instance, by final status.',
    labelNames: ['status'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'parley_tokens_total',
    help: 'Model tokens used by the turns run on this instance, by kind (input, output).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const toolCalls = new Counter({
    name: 'parley_tool_calls_total',
    help: 'Tool calls ended on this instance, by tool (built-in names, else other) and error (true, false).',
    labelNames: ['tool', 'error'] as const,
    registers: [registry],
  });
  const countUsage = (event: Extract<SessionEvent, { type: 'usage' }>) => {
    const before = usageSoFar.get(event.turnId) ?? { inputTokens: 0, outputTokens: 0 };
    tokens.inc({ kind: 'input' }, Math.max(0, event.inputTokens - before.inputTokens));
    tokens.inc({ kind: 'output' }, Math.max(0, event.outputTokens - before.outputTokens));
    usageSoFar.delete(event.turnId); // re-inserted last: the oldest turn goes first below
    usageSoFar.set(event.turnId, {
      inputTokens: event.inputTokens,
      outputTokens: event.outputTokens,
    });
    if (usageSoFar.size > MAX_TRACKED_TURNS) {
      const oldest = usageSoFar.keys().next().value;
      if (oldest !== undefined) usageSoFar.delete(oldest);
    }
  };

  return (event) => {
    eventsPublished.inc({ type: event.type });
    if (event.type === 'usage') countUsage(event);
    if (event.type === 'toolEnd') {
      toolCalls.inc({ tool: toolLabel(event.toolName), error: String(event.isError) });
    }
    if (event.type === 'done') usageSoFar.delete(event.turnId);
    // A turn closed after its instance died did not run here, and its duration (from its
    // first stored event to the close, or 0 without any) is no turn's running time.
    if (event.type === 'done' && event.error !== INTERRUPTED) {
      turnDuration.observe({ status: event.status }, event.durationMs / 1000);
    }
  };
}
