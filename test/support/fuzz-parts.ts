/**
 * Pieces shared by the fuzzing generators (test/support/fuzz-http.ts, fuzz-ws.ts):
 * real operations, GraphQL token soup, variables of any shape, invalid UTF-8.
 */
import fc from 'fast-check';
import { SEND_CHAT, SESSION, SESSION_EVENTS, START_CHAT } from './operations.js';

export const OPERATIONS = [
  START_CHAT,
  SEND_CHAT,
  SESSION,
  SESSION_EVENTS,
  'query($n: Int) { sessions(first: $n) { totalCount } }',
  'query($id: ID!, $s: Boolean!) { session(id: $id) @include(if: $s) { id } }',
];
const TOKENS = [
  ...'{ } ( ) [ ] query mutation subscription fragment on sessions session sendChat'.split(' '),
  ...'startChat $x : ... @include @skip "s" """b""" 1 -1.5e3 true null ! = | &'.split(' '),
  ...'__typename __schema Int input id content \\u0000 "\\uD800" 0x1'.split(' '),
  '#c\n',
];
export const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 80 })
  .map((t) => t.join(' '));

export const variables = fc.dictionary(
  fc.constantFrom('input', 'id', 'n', 's', 'sessionId', 'afterSeq'),
  fc.jsonValue(),
);

const BAD_UTF8 = [
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xff],
  [0xfe, 0xff],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
];
export const invalidBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(...BAD_UTF8),
      fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => [...a].map((b) => b | 0x80)),
    ),
    { minLength: 1, maxLength: 16 },
  )
  .map((seqs) => Buffer.from(seqs.flat()));
