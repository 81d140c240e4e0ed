/**
 * What the agent reports about a turn, for the three types that carry it: ChatReply
 * (sendChat's answer), DoneEvent (the turn's last event) and Message (an agent
 * message of the history). Each field's type, nullability and resolver are declared
 * here once; the types differ only in their descriptions and in which fields they carry.
 */
import type { TokenUsage, ToolCallSummary, TurnStatus } from '../model/documents.js';
import type { SchemaTypes } from './builder.js';
import { TokenUsageRef, TurnStatusEnum } from './common.js';
import { ToolCallRef } from './tool-call.js';

type FieldsOf<Shape> = PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, Shape>;

/** The agent-reported fields of a turn (Message lacks projectTag). */
export interface AgentMetaShape {
  phase: string | null;
  projectTag?: string | null;
  seedId: string | null;
  evaluationPassed: boolean | null;
}

/** A finished turn as ChatReply and DoneEvent carry it. */
export interface TurnEndShape extends AgentMetaShape {
  status: TurnStatus;
  reply: string;
  error: string | null;
  toolCalls: ToolCallSummary[];
}

/** The one declaration of each nullable result field. */
const field = {
  error: <S extends { error: string | null }>(t: FieldsOf<S>, description: string) =>
    t.string({ nullable: true, resolve: (turn) => turn.error, description }),
  phase: <S extends AgentMetaShape>(t: FieldsOf<S>, description: string) =>
    t.string({ nullable: true, resolve: (turn) => turn.phase, description }),
  projectTag: <S extends AgentMetaShape>(t: FieldsOf<S>, description: string) =>
    t.string({ nullable: true, resolve: (turn) => turn.projectTag ?? null, description }),
  seedId: <S extends AgentMetaShape>(t: FieldsOf<S>, description: string) =>
    t.id({ nullable: true, resolve: (turn) => turn.seedId, description }),
  evaluationPassed: <S extends AgentMetaShape>(t: FieldsOf<S>, description: string) =>
    t.boolean({ nullable: true, resolve: (turn) => turn.evaluationPassed, description }),
  durationMs: <S extends { durationMs: number | null }>(t: FieldsOf<S>, description: string) =>
    t.int({ nullable: true, resolve: (turn) => turn.durationMs, description }),
  usage: <S extends { usage: TokenUsage | null }>(t: FieldsOf<S>, description: string) =>
    t.field({ type: TokenUsageRef, nullable: true, resolve: (turn) => turn.usage, description }),
};

const meta = {
  phase:
    'Where the agent stopped: `complete`, or why it stopped early (e.g. `tool-step-limit`); null when the agent did not say.',
  projectTag:
    "A tag for the session's project, when the agent reports one (the built-in agents do not).",
  seedId:
    'The id of the seed the agent ran from, when the agent reports one (the built-in agents do not).',
  evaluationPassed:
    "Whether the agent's evaluation of its reply passed; null when it reports none (the built-in agents do not).",
};

/** ChatReply's and DoneEvent's fields of the finished turn; `turnIdOf` names its turn. */
export function turnEndFields<S extends TurnEndShape>(
  t: FieldsOf<S>,
  text: { reply: string; error: string },
  turnIdOf: (turn: S) => string,
) {
  return {
    status: t.field({
      type: TurnStatusEnum,
      resolve: (turn) => turn.status,
      description: 'How the turn ended: COMPLETED, FAILED or CANCELLED.',
    }),
    reply: t.string({ resolve: (turn) => turn.reply, description: text.reply }),
    error: field.error(t, text.error),
    phase: field.phase(t, meta.phase),
    projectTag: field.projectTag(t, meta.projectTag),
    seedId: field.seedId(t, meta.seedId),
    evaluationPassed: field.evaluationPassed(t, meta.evaluationPassed),
    toolCalls: t.field({
      type: [ToolCallRef],
      description: "The turn's tool calls, in the order they started.",
      resolve: (turn) => turn.toolCalls.map((call) => ({ ...call, turnId: turnIdOf(turn) })),
    }),
  };
}

/** ChatReply's duration and usage (a DoneEvent's duration is never null; it has no usage). */
export function turnCostFields<S extends { durationMs: number | null; usage: TokenUsage | null }>(
  t: FieldsOf<S>,
) {
  return {
    durationMs: field.durationMs(t, 'How long the turn ran, in ms.'),
    usage: field.usage(t, "The turn's token usage."),
  };
}

/** The turn's result on a Message: set on agent messages, null on user messages. */
export function agentMessageFields<
  S extends AgentMetaShape & {
    status: TurnStatus | null;
    error: string | null;
    durationMs: number | null;
    usage: TokenUsage | null;
  },
>(t: FieldsOf<S>) {
  const asDone = (name: string) => `As DoneEvent.${name}, on an agent message.`;
  return {
    status: t.field({
      type: TurnStatusEnum,
      nullable: true,
      resolve: (message) => message.status,
      description: 'How the turn ended, on an agent message.',
    }),
    error: field.error(t, 'Why the turn failed, on a FAILED agent message.'),
    phase: field.phase(t, asDone('phase')),
    seedId: field.seedId(t, asDone('seedId')),
    evaluationPassed: field.evaluationPassed(t, asDone('evaluationPassed')),
    durationMs: field.durationMs(t, 'How long the turn ran, in ms, on an agent message.'),
    usage: field.usage(t, "The turn's token usage, on an agent message."),
  };
}
