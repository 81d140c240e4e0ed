/** Small types shared by several areas. */
import type { TokenUsage, TurnStatus } from '../model/documents.js';
import { builder } from './builder.js';

export const TokenUsageRef = builder.objectRef<TokenUsage>('TokenUsage').implement({
  description: 'Token counts, as reported by the agent.',
  fields: (t) => ({
    inputTokens: t.exposeInt('inputTokens', { description: 'Tokens read by the model.' }),
    outputTokens: t.exposeInt('outputTokens', { description: 'Tokens written by the model.' }),
  }),
});

export const TurnStatusEnum = builder.enumType('TurnStatus', {
  description: 'Where a turn stands. RUNNING until its DoneEvent, which carries the final status.',
  values: {
    RUNNING: { description: 'The agent is still working.' },
    COMPLETED: { description: 'The agent finished its reply.' },
    FAILED: { description: 'The turn ended with an error (see `error`).' },
    CANCELLED: { description: 'cancelChat stopped the turn; the partial reply was kept.' },
  } satisfies Record<TurnStatus, unknown>,
});

export const MessageRoleEnum = builder.enumType('MessageRole', {
  description: 'Who wrote a message.',
  values: {
    USER: { description: 'Sent by the user.' },
    AGENT: { description: 'Written by the agent.' },
  },
});
