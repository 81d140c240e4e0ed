/** Small types shared by several areas. */
import type { TokenUsage, TurnStatus } from '../model/documents.js';
import type { BusyPolicy } from '../resolvers/chat.js';
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

export const BusyPolicyEnum = builder.enumType('BusyPolicy', {
  description: 'What a new turn does when its session is busy (a turn runs or waits there).',
  values: {
    ENQUEUE: { description: 'Wait in line (at most TURN_QUEUE_LIMIT turns wait).' },
    REJECT: { description: 'Fail at once with SESSION_BUSY; nothing is stored.' },
    INTERRUPT: {
      description:
        'Cancel the running and waiting turns (each ends with its DoneEvent CANCELLED, the partial reply kept), then run.',
    },
  } satisfies Record<BusyPolicy, unknown>,
});
