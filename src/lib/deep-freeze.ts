/**
 * A frozen copy of a plain value (objects, arrays, dates), to hand out many times
 * without copying it again: in strict mode (every ES module) a write to it throws
 * instead of changing what the other holders see. Its dates are ImmutableDates, since
 * Object.freeze leaves a Date's time settable.
 */
import { ImmutableDate } from './immutable-date.js';

export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

/** Freezes a value of our own (a fresh copy) in place, its dates swapped for ImmutableDates. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (field instanceof Date && !(field instanceof ImmutableDate)) {
      record[key] = new ImmutableDate(field.getTime());
    } else {
      deepFreeze(field);
    }
  }
  return Object.freeze(value);
}
