/** Group commit of a background trail (lib/batch-writer.ts): batches, linger, flush. */
import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../src/lib/batch-writer.js';

function recording() {
  const batches: number[][] = [];
  let release: (() => void) | undefined;
  const writer = new BatchWriter<number>(
    async (batch) => {
      batches.push(batch);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    { lingerMs: 60_000 },
  );
  return { batches, writer, release: () => release?.() };
}

describe('BatchWriter', () => {
  it('sends an urgent item at once, with what waited, and gathers the rest while one is in flight', async () => {
    const { batches, writer, release } = recording();
    writer.add(1, false);
    writer.add(2, false);
    expect(batches).toEqual([]); // lingering
    writer.add(3, true);
    expect(batches).toEqual([[1, 2, 3]]);
    writer.add(4, true);
    writer.add(5, false);
    expect(writer.size).toBe(2);
    release();
    const flushed = writer.flush();
    await Promise.resolve();
    await new Promise(setImmediate);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    release();
    await flushed;
    expect(writer.size).toBe(0);
  });

  it('flush() sends lingering items and resolves once they are written', async () => {
    const { batches, writer, release } = recording();
    writer.add(7, false);
    const flushed = writer.flush();
    expect(batches).toEqual([[7]]);
    release();
    await expect(flushed).resolves.toBeUndefined();
    // Nothing pending: flush resolves without a write.
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(batches).toEqual([[7]]);
  });
});
