/**
 * The request scope: each HTTP request, and each GraphQL operation on a WebSocket,
 * runs in an AsyncLocalStorage scope holding its id, so every line logged while it is
 * handled (by Yoga, a resolver, or the turn it starts) carries `reqId` (logger.ts's
 * mixin). The server opens scopes (server/request-context.ts); anything may read one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OperationLabel } from './metrics.js';

export interface RequestScope {
  requestId: string;
  /** Set by the Yoga plugin once the operation is known (the HTTP metrics label). */
  operation: OperationLabel;
}

const scopes = new AsyncLocalStorage<RequestScope>();

export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId;
}

export function currentScope(): RequestScope | undefined {
  return scopes.getStore();
}

export function runInScope<T>(scope: RequestScope, run: () => T): T {
  return scopes.run(scope, run);
}
