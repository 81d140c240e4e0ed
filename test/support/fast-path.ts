/**
 * The subscription fan-out fast path (src/server/fanout/) on, as served by default, and
 * off (WS_FAST_PATH=false: stock Yoga + graphql-ws): core subscription suites run with
 * both, so the plain path stays tested.
 */
import type { StoreVariant } from './stores.js';

export interface FastPathVariant extends StoreVariant {
  fastPath: 'on' | 'off';
}

/** Each store variant twice: fast path on, then off. */
export function withFastPathOnAndOff(stores: StoreVariant[]): FastPathVariant[] {
  return stores.flatMap((store) =>
    (['on', 'off'] as const).map((fastPath) => ({
      name: store.name,
      fastPath,
      env: async () => ({ ...(await store.env()), WS_FAST_PATH: String(fastPath === 'on') }),
    })),
  );
}
