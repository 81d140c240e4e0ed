/**
 * fast-check generators of bad WebSocket conversations for test/fuzz.test.ts: random
 * graphql-transport-ws messages (any type, id, payload, order), binary frames, text
 * frames that are not UTF-8, messages over the size limit.
 */
import fc from 'fast-check';
import { invalidBytes, OPERATIONS, tokenSoup, variables } from './fuzz-parts.js';

export interface WsCase {
  kind: string;
  /** Send connection_init (and wait for the ack) first. */
  init: boolean;
  frames: (string | { binary: Buffer } | { invalidText: Buffer })[];
}

const message = fc.oneof(
  fc
    .record(
      {
        type: fc.oneof(
          fc.constantFrom(
            'connection_init',
            'ping',
            'pong',
            'subscribe',
            'complete',
            'next',
            'error',
            'connection_ack',
            'start',
            'stop',
            'ka',
          ),
          fc.string(),
        ),
        id: fc.oneof(
          fc.string({ maxLength: 4 }),
          fc.string({ minLength: 100, maxLength: 300 }),
          fc.integer(),
          fc.constant(null),
        ),
        payload: fc.oneof(
          fc.jsonValue(),
          fc.record({
            query: fc.oneof(tokenSoup, fc.constantFrom(...OPERATIONS)),
            variables: fc.option(variables),
          }),
        ),
      },
      { requiredKeys: ['type'] },
    )
    .map((m) => JSON.stringify(m)),
  fc.string(),
  fc.json(),
);

export const wsCases: fc.Arbitrary<WsCase> = fc.oneof(
  fc.record({
    kind: fc.constant('WebSocket protocol messages'),
    init: fc.boolean(),
    frames: fc.array(message, { minLength: 1, maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant('WebSocket binary frames'),
    init: fc.boolean(),
    frames: fc.array(
      fc.uint8Array({ maxLength: 2048 }).map((a) => ({ binary: Buffer.from(a) })),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({
    kind: fc.constant('WebSocket invalid UTF-8'),
    init: fc.boolean(),
    frames: invalidBytes.map((b) => [{ invalidText: b }]),
  }),
  fc.record({
    kind: fc.constant('WebSocket oversized messages'),
    init: fc.boolean(),
    frames: fc
      .integer({ min: 256 * 1024 + 1, max: 600_000 })
      .map((n) => [`{"type":"subscribe","id":"1","payload":{"query":"${'a'.repeat(n)}"}}`]),
  }),
);
