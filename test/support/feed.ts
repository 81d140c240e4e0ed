/**
 * sessionUpdates for tests: the document, and a subscription (graphql-ws or graphql-sse:
 * both clients take the same sink) that keeps what it receives and lets a test await
 * the next updates, bounded, instead of sleeping.
 */
import { expect, vi } from 'vitest';
import type { App } from '../../src/app.js';

export const SESSION_UPDATES = /* GraphQL */ `
  subscription Feed($after: String, $allUsers: Boolean) {
    sessionUpdates(after: $after, allUsers: $allUsers) {
      cursor
      change
      sessionId
      at
      session { id userId title status messageCount activeLeafId usage { inputTokens outputTokens } }
    }
  }
`;

export interface Update {
  cursor: string;
  change: 'CREATED' | 'UPDATED' | 'DELETED';
  sessionId: string;
  at: string;
  session: null | {
    id: string;
    userId: string;
    title: string | null;
    status: string;
    messageCount: number;
    activeLeafId: string | null;
    usage: { inputTokens: number; outputTokens: number };
  };
}

interface Sink {
  next(value: { data?: unknown; errors?: readonly unknown[] }): void;
  error(error: unknown): void;
  complete(): void;
}

/** Either client: graphql-ws's or graphql-sse's subscribe. */
export interface SubscribingClient {
  subscribe(
    payload: { query: string; variables?: Record<string, unknown> },
    sink: Sink,
  ): () => void;
}

export interface FeedWatch {
  readonly updates: Update[];
  /** The errors the subscription delivered (a refusal arrives as one, then complete). */
  readonly errors: { message: string; extensions?: Record<string, unknown> }[];
  /** Resolves once `count` updates in all have arrived; fails after 10 s saying what came. */
  upTo(count: number): Promise<Update[]>;
  /** Resolves once the server completed the subscription. */
  completed(): Promise<void>;
  close(): void;
}

export function watchFeed(
  client: SubscribingClient,
  variables: { after?: string; allUsers?: boolean } = {},
): FeedWatch {
  const updates: Update[] = [];
  const errors: FeedWatch['errors'] = [];
  let ended = false;
  let failure: unknown;
  const close = client.subscribe(
    { query: SESSION_UPDATES, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...(result.errors as FeedWatch['errors']));
        const update = (result.data as { sessionUpdates?: Update } | null)?.sessionUpdates;
        if (update) updates.push(update);
      },
      error: (error) => {
        failure = error;
      },
      complete: () => {
        ended = true;
      },
    },
  );
  const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 5 });
  return {
    updates,
    errors,
    async upTo(count) {
      await waitFor(() => {
        if (failure) throw failure;
        const seen = updates.map((u) => u.change).join(' ');
        expect(updates.length, `updates so far: ${seen}`).toBeGreaterThanOrEqual(count);
      });
      return updates.slice(0, count);
    },
    async completed() {
      await waitFor(() => expect(ended || failure !== undefined, 'completed').toBe(true));
    },
    close,
  };
}

/** Resolves once the server holds `count` live feed listeners. */
export async function feedListenersReady(app: App, count: number): Promise<void> {
  await vi.waitFor(
    () => expect(app.services.feedBus.listenerCount()).toBeGreaterThanOrEqual(count),
    { timeout: 5000, interval: 5 },
  );
}
