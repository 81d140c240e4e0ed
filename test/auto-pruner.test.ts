/**
 * The auto-pruner's schedule (runtime/maintenance/session-pruner.ts): a user's surplus
 * is pruned after a turn that follows a session they created, right away after a fork,
 * and again after their next turn when a prune failed.
 */
import { describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { createAutoPruner } from '../src/runtime/maintenance/session-pruner.js';
import { MemoryStore } from '../src/store/memory.js';
import type { PruneRules, RemovedSession } from '../src/store/store.js';

/** A real in-memory store whose per-user prunes are counted, and fail while `failing`. */
class CountingStore extends MemoryStore {
  userPrunes = 0;
  failing = false;
  private waiter: (() => void) | undefined;
  override async pruneSessions(rules: PruneRules): Promise<RemovedSession[]> {
    if (!rules.userId) return super.pruneSessions(rules);
    this.userPrunes += 1;
    queueMicrotask(() => this.waiter?.());
    if (this.failing) throw new Error('database blip');
    return super.pruneSessions(rules);
  }
  /** Resolves after the next per-user prune was attempted (and had a tick to settle). */
  nextPrune(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = () => setImmediate(resolve);
    });
  }
}

function setup() {
  const store = new CountingStore();
  const config = configFrom({ SESSION_MAX_SESSIONS: '2', LOG_LEVEL: 'silent' });
  const pruner = createAutoPruner(store, config, createLogger(config));
  return { store, pruner };
}

describe('auto-pruner schedule', () => {
  it('prunes after a turn that follows a created session, not after every turn', async () => {
    const { store, pruner } = setup();
    pruner.turnEnded('alice'); // nothing created here yet: no query
    expect(store.userPrunes).toBe(0);
    pruner.sessionCreated('alice', true);
    const pruned = store.nextPrune();
    pruner.turnEnded('alice');
    await pruned;
    pruner.turnEnded('alice');
    expect(store.userPrunes).toBe(1);
  });

  it('prunes a fork at once, and tries again after the next turn when a prune failed', async () => {
    const { store, pruner } = setup();
    store.failing = true;
    const failed = store.nextPrune();
    pruner.sessionCreated('bob', false);
    await failed;
    expect(store.userPrunes).toBe(1);
    store.failing = false;
    const retried = store.nextPrune();
    pruner.turnEnded('bob');
    await retried;
    expect(store.userPrunes).toBe(2);
  });
});
