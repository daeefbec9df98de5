import { describe, expect, it } from 'vitest';
import { createBlockGroups } from './block-group';

function recorder(maxRows = 1000, maxWaitMs = 50, fail?: string) {
  const flushed: string[][] = [];
  const groups = createBlockGroups<string>({
    maxRows,
    maxWaitMs,
    flush: async (parts) => {
      flushed.push(parts);
      if (fail && parts.includes(fail)) throw new Error(`insert of ${fail} failed`);
    },
  });
  return { groups, flushed };
}

describe('block groups (the sink\'s group commit)', () => {
  it('flushes once every ticket of the round has submitted or left', async () => {
    const { groups, flushed } = recorder();
    const [a, b, c] = [groups.enter(), groups.enter(), groups.enter()];
    const pa = a.submit('a', 10);
    const pb = b.submit('b', 10);
    await new Promise((r) => setImmediate(r));
    expect(flushed).toEqual([]);
    c.leave();
    await Promise.all([pa, pb]);
    expect(flushed).toEqual([['a', 'b']]);
  });

  it('does not wait longer than maxWaitMs for a slow ticket', async () => {
    const { groups, flushed } = recorder(1000, 30);
    const slow = groups.enter();
    const started = performance.now();
    await groups.enter().submit('a', 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(flushed).toEqual([['a']]);
    await slow.submit('late', 1);
    expect(flushed).toEqual([['a'], ['late']]);
  });

  it('flushes at maxRows without waiting for the others', async () => {
    const { groups, flushed } = recorder(100, 10_000);
    const waiting = groups.enter();
    await Promise.all([groups.enter().submit('a', 60), groups.enter().submit('b', 60)]);
    expect(flushed).toEqual([['a', 'b']]);
    waiting.leave();
  });

  it('fails every part of a group whose flush fails, and only those', async () => {
    const { groups } = recorder(1000, 10, 'bad');
    const [a, b] = [groups.enter(), groups.enter()];
    const results = await Promise.allSettled([a.submit('bad', 1), b.submit('ok', 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('insert of bad failed');
    await expect(groups.enter().submit('next', 1)).resolves.toBeUndefined();
  });

  it('a ticket submits once; leave after submit changes nothing', async () => {
    const { groups, flushed } = recorder();
    const t = groups.enter();
    await t.submit('a', 1);
    t.leave();
    await expect(t.submit('again', 1)).rejects.toThrow('a group ticket submits once');
    const other = groups.enter();
    await other.submit('b', 1);
    expect(flushed).toEqual([['a'], ['b']]);
  });
});
