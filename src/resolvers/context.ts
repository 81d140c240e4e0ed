/**
 * What every resolver receives. `services` are the long-lived parts built once by
 * the composition root (services.ts); `loaders` are made fresh per request (and per
 * subscription event) so no response is served from another request's cache.
 */
import type { Viewer } from '../auth/viewer.js';
import type { Services } from '../services.js';
import type { Loaders } from '../store/loaders.js';

export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
}
