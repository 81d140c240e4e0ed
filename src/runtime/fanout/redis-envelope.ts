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

const DATE_KEYS = new Set(['at', 'startedAt', 'expiresAt']);

/** JSON that brings back the Date fields of events. */
export const eventSerializer = {
  stringify: (value: unknown) => JSON.stringify(value),
  parse: (text: string) =>
    JSON.parse(text, (key, value) =>
      DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value,
    ),
};
