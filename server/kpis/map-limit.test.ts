import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and answers in the items’ order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([50, 10, 30, 5, 20, 1, 15, 25], 3, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await tick(ms);
      inFlight -= 1;
      return `${i}:${ms}`;
    });
    expect(most).toBe(3);
    expect(out).toEqual(['0:50', '1:10', '2:30', '3:5', '4:20', '5:1', '6:15', '7:25']);
  });

  it('answers nothing for no items, and runs one at a time with a limit below 1', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    let inFlight = 0;
    let most = 0;
    await mapLimit([1, 2, 3], 0, async () => {
      most = Math.max(most, ++inFlight);
      await tick(1);
      inFlight -= 1;
    });
    expect(most).toBe(1);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapLimit([0, 1, 2, 3, 4, 5], 2, async (x) => {
        started.push(x);
        await tick(5);
        if (x === 1) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await tick(30);
    expect(started).toEqual([0, 1, 2]);
  });
});
