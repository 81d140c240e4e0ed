/**
 * Samples a Parley's heap and RSS from /metrics while a run goes on, for the peak.
 * These samples include garbage not yet collected; Proc.memory() is the exact reading
 * before and after, this only shows how high it went in between.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { metrics } from './http.js';

export interface PeakMemory {
  heapUsed: number;
  rss: number;
}

const NAMES = ['nodejs_heap_size_used_bytes', 'process_resident_memory_bytes'] as const;

export function watchMemory(url: string, everyMs = 500): { stop(): Promise<PeakMemory> } {
  const peak: PeakMemory = { heapUsed: 0, rss: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const m = await metrics(url, NAMES);
        peak.heapUsed = Math.max(peak.heapUsed, m.nodejs_heap_size_used_bytes);
        peak.rss = Math.max(peak.rss, m.process_resident_memory_bytes);
      } catch {
        // A server too busy to answer in time is no reason to stop watching it.
      }
      await delay(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
