import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../../../electron/core/base/batch-writer.js';

describe('BatchWriter', () => {
  it('writes a burst of changes in a few batches, in order, and flush waits for all of them', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter<number>(async (batch) => {
      batches.push(batch);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }, () => undefined);
    for (let i = 0; i < 1_000; i++) writer.add(i);
    await writer.flush();
    expect(batches.flat()).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(2);
  });

  it('reports a failed write and keeps writing what comes after it', async () => {
    const written: string[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const writer = new BatchWriter<string>(async (batch) => {
      if (fail) throw new Error('disk full');
      written.push(...batch);
    }, (error) => errors.push(error));
    writer.add('lost');
    await writer.flush();
    fail = false;
    writer.add('kept');
    await writer.flush();
    expect(errors).toEqual([new Error('disk full')]);
    expect(written).toEqual(['kept']);
  });

  it('writes at most once an interval when asked to, and flush does not wait the interval out', async () => {
    const writes: number[] = [];
    const writer = new BatchWriter<number>(async (batch) => {
      writes.push(batch.length);
    }, () => undefined, 200);
    writer.add(1);
    await writer.flush();
    const started = Date.now();
    writer.add(2);
    writer.add(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writes).toEqual([1]);
    await writer.flush();
    expect(Date.now() - started).toBeLessThan(150);
    expect(writes).toEqual([1, 2]);
  });
});
