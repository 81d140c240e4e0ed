/** What the Redis bus sends on a session's channel, and how it reads it back. */
import type { SessionEvent } from '../../model/events.js';

/** A stored event, or (without one) the notice that the session was deleted. */
export interface Envelope {
  /** The publishing instance, which delivered the event to its own subscribers already. */
  origin: string;
  event?: SessionEvent;
  ended?: string;
}

export const CHANNEL_PREFIX = 'parley:events:';
export const channelOf = (sessionId: string) => `${CHANNEL_PREFIX}${sessionId}`;

/** The Date fields of an event itself (a DoneEvent's tool calls and a TurnStartedEvent's message have their own). */
const EVENT_DATES = ['at', 'expiresAt'] as const;

/**
 * JSON that brings back the Date fields of events. Only the event's own fields: a
 * tool's arguments may hold a key called `at` that must stay what the agent sent.
 */
export const eventSerializer = {
  stringify: (value: unknown) => JSON.stringify(value),
  parse: (text: string): unknown => {
    const envelope = JSON.parse(text) as { event?: Record<string, unknown> };
    const event = envelope?.event;
    if (event && typeof event === 'object') {
      for (const key of EVENT_DATES) revive(event, key);
      if (event.userMessage && typeof event.userMessage === 'object') {
        revive(event.userMessage as Record<string, unknown>, 'createdAt');
      }
      if (Array.isArray(event.toolCalls)) {
        for (const call of event.toolCalls) revive(call as Record<string, unknown>, 'startedAt');
      }
    }
    return envelope;
  },
};

function revive(holder: Record<string, unknown>, key: string): void {
  const value = holder?.[key];
  if (typeof value === 'string') holder[key] = new Date(value);
}
