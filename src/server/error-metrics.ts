/**
 * Counts the errors of every GraphQL result Yoga answers over HTTP (after masking, so
 * by the code the client sees): parse, validation and authentication failures as well
 * as execution errors, one count per error. Streamed results (SSE) are not counted
 * here; WebSocket results are counted in websocket.ts.
 */
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { ParleyMetrics } from '../observability/metrics.js';

export function useErrorMetrics(metrics: ParleyMetrics): Plugin {
  return {
    onResultProcess({ result }) {
      if (isAsyncIterable(result)) return;
      for (const one of Array.isArray(result) ? result : [result]) metrics.countErrors(one.errors);
    },
  };
}
