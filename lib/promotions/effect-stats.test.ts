import { describe, expect, it } from 'vitest';
import { seededByString } from '../random/mulberry32';
import { estimateEffect, meanEstimate, ratioEstimate, type Cell } from './effect-stats';

/** Store-hours whose baseline is Poisson-like noise around `mean`, sold `lift` more (and `trend` more for all). */
function cells(n: number, mean: number, lift: number, trend: number, seed: string): Cell[] {
  const rnd = seededByString(seed);
  const noisy = (m: number) => Math.max(0, Math.round(m + (rnd() - 0.5) * 2 * Math.sqrt(m) * 1.7));
  return Array.from({ length: n }, () => {
    const cf = noisy(mean * trend);
    const units = Math.round(cf * (1 + lift));
    const base = noisy(mean);
    return { units, value: units * 250, discount: lift > 0 ? units * 50 : 0, baseUnits: base, baseValue: base * 250 };
  });
}

describe('a promotion’s effect', () => {
  it('finds a planted 30 % against the baseline and controls, with the trend of every store taken out', () => {
    const e = estimateEffect(cells(200, 12, 0.3, 1.1, 'a'), cells(400, 12, 0, 1.1, 'b'), { resamples: 1000, seed: 'x', minBaselineUnits: 30 });
    expect(e.uplift.status).toBe('measured');
    if (e.uplift.status !== 'measured') return;
    expect(e.uplift.low).toBeLessThan(0.3);
    expect(e.uplift.high).toBeGreaterThan(0.3);
    expect(e.uplift.low).toBeGreaterThan(0.15);
    // Without the controls the trend would be counted as effect.
    const naive = estimateEffect(cells(200, 12, 0.3, 1.1, 'a'), [], { resamples: 500, seed: 'x', minBaselineUnits: 30 });
    expect(naive.uplift.status === 'measured' && naive.uplift.value).toBeGreaterThan(0.38);
  });

  it('an interval that holds 0 when nothing was planted, and is the same for the same seed', () => {
    const a = estimateEffect(cells(200, 12, 0, 1, 'c'), cells(400, 12, 0, 1, 'd'), { resamples: 800, seed: 's', minBaselineUnits: 30 });
    const b = estimateEffect(cells(200, 12, 0, 1, 'c'), cells(400, 12, 0, 1, 'd'), { resamples: 800, seed: 's', minBaselineUnits: 30 });
    expect(a).toEqual(b);
    expect(a.uplift.status === 'measured' && a.uplift.low < 0 && a.uplift.high > 0).toBe(true);
    expect(a.incrementalUnits.status === 'measured' && a.incrementalUnits.low < 0 && a.incrementalUnits.high > 0).toBe(true);
  });

  it('covers the planted lift in about 95 % of runs', () => {
    let held = 0;
    for (let i = 0; i < 100; i++) {
      const e = estimateEffect(cells(60, 8, 0.3, 1, `t${i}`), cells(120, 8, 0, 1, `c${i}`), { resamples: 300, seed: `${i}`, minBaselineUnits: 30 });
      if (e.uplift.status === 'measured' && e.uplift.low <= 0.3 && e.uplift.high >= 0.3) held++;
    }
    expect(held).toBeGreaterThanOrEqual(88);
  });

  it('says why when there is not enough data', () => {
    expect(estimateEffect([], []).uplift).toEqual({ status: 'not_enough_data', reason: 'no whole hour of the promotion has passed yet in its stores' });
    expect(estimateEffect(cells(3, 2, 0, 1, 'e'), []).uplift.status).toBe('not_enough_data');
    expect(estimateEffect(cells(100, 10, 0, 1, 'f'), cells(2, 1, 0, 1, 'g')).uplift).toMatchObject({ reason: expect.stringContaining('control stores') });
  });

  it('a mean and a ratio with their intervals', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 10 + (i % 5));
    const m = { n: 100, sumX: xs.reduce((a, b) => a + b, 0), sumX2: xs.reduce((a, b) => a + b * b, 0) };
    const mean = meanEstimate(m);
    expect(mean).toMatchObject({ status: 'measured', value: 12 });
    expect(mean.status === 'measured' && mean.high - mean.low).toBeCloseTo(2 * 1.959964 * Math.sqrt(2 * 100 / 99) / 10, 6);
    expect(meanEstimate({ n: 5, sumX: 50, sumX2: 600 }).status).toBe('not_enough_data');
    const ys = xs.map((x) => x / 4);
    const r = ratioEstimate(m, { n: 100, sumX: ys.reduce((a, b) => a + b, 0), sumX2: ys.reduce((a, b) => a + b * b, 0) }, xs.reduce((a, x, i) => a + x * ys[i]!, 0));
    expect(r).toMatchObject({ status: 'measured', value: 4 });
    expect(r.status === 'measured' && r.high - r.low).toBeLessThan(1e-6);
  });
});
