/**
 * The JSON of a result shared by every subscriber of an event (shared-execution.ts),
 * made once, on first use, and kept with the result.
 */
import type { ExecutionResult } from 'graphql';

/** Shareable results; the value is their JSON once some subscriber needed it. */
const serialised = new WeakMap<object, string | undefined>();

export function markShareable(result: ExecutionResult): ExecutionResult {
  if (!serialised.has(result)) serialised.set(result, undefined);
  return result;
}

export function isShareable(result: ExecutionResult): boolean {
  return serialised.has(result);
}

/** A result as JSON (GraphQLError serialises itself as the spec's error shape). */
export function resultJson(result: ExecutionResult): string {
  if (!serialised.has(result)) return JSON.stringify(result);
  let json = serialised.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    serialised.set(result, json);
  }
  return json;
}
