/**
 * The values of parley_graphql_errors_total's `code` label: Parley's codes (the ones
 * clients can rely on, resolvers/errors.ts), INTERNAL for what masking hid
 * (Yoga's INTERNAL_SERVER_ERROR), and `other` for the rest (parse and validation
 * errors, which carry no code, and any code a library adds), so the series stay few.
 */
import type { ErrorCode } from '../resolvers/errors.js';

const PARLEY_CODES = [
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'SESSION_BUSY',
  'RATE_LIMITED',
  'BAD_USER_INPUT',
  'DB_UNAVAILABLE',
  'REDIS_UNAVAILABLE',
  'SUBSCRIBER_LAGGED',
  'EVENTS_LOST',
  'SHUTTING_DOWN',
] as const satisfies readonly ErrorCode[];

// Fails to compile when ErrorCode gains a code this list lacks.
const everyCodeListed: Exclude<ErrorCode, (typeof PARLEY_CODES)[number]> extends never
  ? true
  : never = true;
void everyCodeListed;

export const ERROR_CODE_LABELS = [...PARLEY_CODES, 'INTERNAL', 'other'] as const;
export type ErrorCodeLabel = (typeof ERROR_CODE_LABELS)[number];
