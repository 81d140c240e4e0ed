/**
 * The error codes clients can rely on (docs/architecture.md, "Errors"): one list, so
 * the GraphQL errors (resolvers/errors.ts) and the metrics' `code` label
 * (observability/metrics.ts) cannot drift apart.
 */
export const ERROR_CODES = [
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
  'ALREADY_RESOLVED',
  'CURSOR_EXPIRED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The values of parley_graphql_errors_total's `code` label: Parley's codes, INTERNAL
 * for what masking hid (Yoga's INTERNAL_SERVER_ERROR), and `other` for the rest (parse
 * and validation errors, which carry no code, and any code a library adds), so the
 * series stay few.
 */
export const ERROR_CODE_LABELS = [...ERROR_CODES, 'INTERNAL', 'other'] as const;
export type ErrorCodeLabel = (typeof ERROR_CODE_LABELS)[number];
