import { describe, expect, it } from 'vitest';
import { Rng, WeightedIndex } from './rng';

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
  });

  it('forks independent named streams', () => {
    const root = new Rng(1);
    const t1 = root.fork('S001-T01').next();
    expect(new Rng(1).fork('S001-T01').next()).toBe(t1);
    expect(new Rng(1).fork('S001-T02').next()).not.toBe(t1);
  });

  it('stays in range and is roughly uniform', () => {
    const r = new Rng('u');
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      buckets[Math.floor(x * 10)]!++;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(600);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
    }
  });

  it('draws weighted indexes in proportion', () => {
    const r = new Rng('w');
    const idx = new WeightedIndex([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[idx.draw(r)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
  });

  it('has geometric and exponential means near the asked ones', () => {
    const r = new Rng('m');
    let g = 0;
    let e = 0;
    for (let i = 0; i < 50_000; i++) {
      g += r.geometric(8);
      e += r.exp(30);
    }
    expect(g / 50_000).toBeCloseTo(8, 0);
    expect(Math.abs(e / 50_000 - 30)).toBeLessThan(1);
  });
});
