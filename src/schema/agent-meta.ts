/**
 * What the agent reports about a turn besides its reply, described once for the two
 * types that carry it (ChatReply and DoneEvent).
 */
export const AGENT_META_DESCRIPTIONS = {
  phase:
    'Where the agent stopped: `complete`, or why it stopped early (e.g. `tool-step-limit`); null when the agent did not say.',
  projectTag:
    "A tag for the session's project, when the agent reports one (the built-in agents do not).",
  seedId:
    'The id of the seed the agent ran from, when the agent reports one (the built-in agents do not).',
  evaluationPassed:
    "Whether the agent's evaluation of its reply passed; null when it reports none (the built-in agents do not).",
} as const;
