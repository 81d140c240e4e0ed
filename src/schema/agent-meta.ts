/**
 * What the agent reports about a turn besides its reply, defined once for the two
 * types that carry it (ChatReply and DoneEvent).
 */
import type { builder } from './builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

export interface AgentMetaShape {
  phase: string | null;
  projectTag: string | null;
  seedId: string | null;
  evaluationPassed: boolean | null;
}

export function agentMetaFields<Shape extends AgentMetaShape>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>,
) {
  return {
    phase: t.string({
      resolve: (turn) => turn.phase,
      nullable: true,
      description:
        'Where the agent stopped: `complete`, or why it stopped early (e.g. `tool-step-limit`); null when the agent did not say.',
    }),
    projectTag: t.string({
      resolve: (turn) => turn.projectTag,
      nullable: true,
      description:
        "A tag for the session's project, when the agent reports one (the built-in agents do not).",
    }),
    seedId: t.id({
      resolve: (turn) => turn.seedId,
      nullable: true,
      description:
        'The id of the seed the agent ran from, when the agent reports one (the built-in agents do not).',
    }),
    evaluationPassed: t.boolean({
      resolve: (turn) => turn.evaluationPassed,
      nullable: true,
      description:
        "Whether the agent's evaluation of its reply passed; null when it reports none (the built-in agents do not).",
    }),
  };
}
