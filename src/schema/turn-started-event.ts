/**
 * TurnStartedEvent, the first member of every turn in the SessionEvent union
 * (schema/events.ts): the user's message, so a second tab or device shows it before
 * the reply streams in.
 */
import type { InterfaceRef } from '@pothos/core';
import type { SessionEvent } from '../model/events.js';
import { builder, type SchemaTypes } from './builder.js';
import { MessageRef } from './message.js';

export function turnStartedEvent(TurnEventRef: InterfaceRef<SchemaTypes, SessionEvent>) {
  return builder
    .objectRef<Extract<SessionEvent, { type: 'turnStarted' }>>('TurnStartedEvent')
    .implement({
      description:
        "A turn began: the user's message, stored before the agent runs; always the turn's first event.",
      interfaces: [TurnEventRef],
      fields: (t) => ({
        userMessage: t.field({
          type: MessageRef,
          description: 'The message that started the turn, as stored in the history.',
          resolve: (event) => event.userMessage,
        }),
      }),
    });
}
