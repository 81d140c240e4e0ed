/** Frozen copies (lib/deep-freeze.ts): what the in-memory store hands out without copying. */
import { expect, it } from 'vitest';
import { frozenCopy } from '../src/lib/deep-freeze.js';
import { ImmutableDate } from '../src/lib/immutable-date.js';

it('copies, then freezes every object, array and date of the copy', () => {
  const original = { usage: { inputTokens: 1 }, tags: ['a'], at: new Date(0) };
  const frozen = frozenCopy(original);
  expect(frozen).toEqual(original);
  original.usage.inputTokens = 2; // the caller's own stays the caller's
  expect(frozen.usage.inputTokens).toBe(1);
  expect(() => {
    frozen.usage.inputTokens = 3;
  }).toThrow(TypeError);
  expect(() => frozen.tags.push('b')).toThrow(TypeError);
  expect(() => frozen.at.setTime(5)).toThrow(TypeError);
  expect(() => frozen.at.setUTCFullYear(2000)).toThrow(TypeError);
  expect(frozen.at.getTime()).toBe(0);
});

it('an ImmutableDate formats as a Date does, and copies into a plain Date', () => {
  const at = new ImmutableDate(Date.UTC(2026, 0, 31, 12));
  expect(at.toISOString()).toBe('2026-01-31T12:00:00.000Z');
  expect(at.toISOString()).toBe(at.toISOString());
  expect(JSON.stringify({ at })).toBe('{"at":"2026-01-31T12:00:00.000Z"}');
  const copy = structuredClone(at);
  expect(copy).not.toBeInstanceOf(ImmutableDate);
  copy.setTime(0);
  expect(at.getTime()).toBe(Date.UTC(2026, 0, 31, 12));
});
