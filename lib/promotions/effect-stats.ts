import { seededByString } from '../random/mulberry32';
import type { Estimate } from './effect-answers';

/**
 * The statistics of a promotion's effect (docs/kpis.md, "Promotions: effect"). Pure.
 *
 * A cell is one store-hour: what the promoted SKUs sold in it, and what they sold in the same
 * hour of the baseline weeks (averaged). The promotion's stores sold Y where the baseline says
 * B; the control stores (those without it) sold Yc where theirs says Bc, so without the
 * promotion Y would have been B × Yc / Bc (difference in differences, on ratios: whatever
 * moved every store, a season or a holiday, moves the controls too). Uplift = Y / expected − 1.
 * The interval is a percentile bootstrap over cells, resampled within the promotion's stores and
 * within the controls: cells are independent shoppers' sums, paired with their own baseline.
 */
export interface Cell {
  units: number;
  value: number;
  /** The promotion's discounts in the cell (cents). */
  discount: number;
  baseUnits: number;
  baseValue: number;
}

export interface EffectOptions {
  resamples: number;
  /** Seeds the bootstrap: the same data gives the same interval. */
  seed: string;
  /** Below this many baseline units (each side) there is not enough data to compare. */
  minBaselineUnits: number;
}

export const DEFAULT_EFFECT_OPTIONS: EffectOptions = { resamples: 1000, seed: '', minBaselineUnits: 30 };
export const CONFIDENCE = 0.95;

interface Sums {
  y: number;
  b: number;
  v: number;
  d: number;
  bv: number;
}

const sumsOf = (cells: readonly Cell[], pick?: readonly number[]): Sums => {
  const s = { y: 0, b: 0, v: 0, d: 0, bv: 0 };
  const n = pick ? pick.length : cells.length;
  for (let i = 0; i < n; i++) {
    const c = cells[pick ? pick[i]! : i]!;
    s.y += c.units;
    s.b += c.baseUnits;
    s.v += c.value;
    s.d += c.discount;
    s.bv += c.baseValue;
  }
  return s;
};

/** The three figures from one set of sums (controls null: the baseline alone). */
function figures(t: Sums, c: Sums | null): { uplift: number; incrementalUnits: number; incrementalRevenue: number; factor: number } {
  const factor = c ? c.y / c.b : 1;
  const valueFactor = c ? (c.bv > 0 ? c.v / c.bv : 1) : 1;
  const expected = t.b * factor;
  return { uplift: t.y / expected - 1, incrementalUnits: t.y - expected, incrementalRevenue: t.v - t.d - t.bv * valueFactor, factor };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))]!;

export interface EffectEstimates {
  uplift: Estimate;
  incrementalUnits: Estimate;
  incrementalRevenue: Estimate;
  /** Y, B and the controls' factor (1 without controls) on all the data. */
  units: number;
  baselineUnits: number;
  factor: number;
}

/**
 * Uplift, incremental units and incremental revenue of `treated` against `controls` (empty: the
 * baseline weeks alone), each with its interval, or "not enough data yet" with the reason.
 */
export function estimateEffect(treated: readonly Cell[], controls: readonly Cell[], o: EffectOptions = DEFAULT_EFFECT_OPTIONS): EffectEstimates {
  const t = sumsOf(treated);
  const c = controls.length > 0 ? sumsOf(controls) : null;
  const short = (reason: string): EffectEstimates => {
    const e: Estimate = { status: 'not_enough_data', reason };
    return { uplift: e, incrementalUnits: e, incrementalRevenue: e, units: t.y, baselineUnits: t.b, factor: c && c.b > 0 ? c.y / c.b : 1 };
  };
  if (treated.length === 0) return short('no whole hour of the promotion has passed yet in its stores');
  if (t.b < o.minBaselineUnits) return short(`the baseline weeks sold ${t.b} units of these SKUs in the same hours of its stores: at least ${o.minBaselineUnits} are needed to compare`);
  if (c && c.b < o.minBaselineUnits) return short(`the control stores' baseline weeks sold ${c.b} units in the same hours: at least ${o.minBaselineUnits} are needed`);
  if (c && c.y === 0) return short('the control stores sold none of these SKUs in the hours measured');

  const point = figures(t, c);
  const rnd = seededByString(o.seed);
  const draw = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * n));
  const samples = { uplift: [] as number[], incrementalUnits: [] as number[], incrementalRevenue: [] as number[] };
  for (let r = 0; r < o.resamples; r++) {
    const ts = sumsOf(treated, draw(treated.length));
    const cs = controls.length > 0 ? sumsOf(controls, draw(controls.length)) : null;
    if (ts.b <= 0 || (cs && (cs.b <= 0 || cs.y <= 0))) continue;
    const f = figures(ts, cs);
    samples.uplift.push(f.uplift);
    samples.incrementalUnits.push(f.incrementalUnits);
    samples.incrementalRevenue.push(f.incrementalRevenue);
  }
  const tail = (1 - CONFIDENCE) / 2;
  const interval = (value: number, list: number[]): Estimate => {
    if (list.length < o.resamples / 2) return { status: 'not_enough_data', reason: 'too few hours with sales to resample' };
    list.sort((a, b) => a - b);
    return { status: 'measured', value, low: percentile(list, tail), high: percentile(list, 1 - tail) };
  };
  return {
    uplift: interval(point.uplift, samples.uplift),
    incrementalUnits: interval(point.incrementalUnits, samples.incrementalUnits),
    incrementalRevenue: interval(point.incrementalRevenue, samples.incrementalRevenue),
    units: t.y,
    baselineUnits: t.b,
    factor: point.factor,
  };
}

/** Σx, Σx² over n values (and Σxy against a second one, for a ratio). */
export interface Moments {
  n: number;
  sumX: number;
  sumX2: number;
}

const Z = 1.959964;

/** The mean with a normal 95 % interval; under `minN` values, not enough data. */
export function meanEstimate(m: Moments, minN = 30): Estimate {
  if (m.n < minN) return { status: 'not_enough_data', reason: `${m.n} receipts so far: at least ${minN} are needed` };
  const mean = m.sumX / m.n;
  const variance = Math.max(0, (m.sumX2 - m.n * mean * mean) / (m.n - 1));
  const half = (Z * Math.sqrt(variance)) / Math.sqrt(m.n);
  return { status: 'measured', value: mean, low: mean - half, high: mean + half };
}

/** Σx / Σy over n pairs with a delta-method 95 % interval (e.g. items per minute of checkout). */
export function ratioEstimate(x: Moments, y: Moments, sumXY: number, minN = 30): Estimate {
  if (x.n < minN) return { status: 'not_enough_data', reason: `${x.n} receipts so far: at least ${minN} are needed` };
  if (y.sumX <= 0) return { status: 'not_enough_data', reason: 'no checkout time recorded' };
  const n = x.n;
  const mx = x.sumX / n;
  const my = y.sumX / n;
  const r = mx / my;
  const sxx = (x.sumX2 - n * mx * mx) / (n - 1);
  const syy = (y.sumX2 - n * my * my) / (n - 1);
  const sxy = (sumXY - n * mx * my) / (n - 1);
  const half = (Z * Math.sqrt(Math.max(0, sxx - 2 * r * sxy + r * r * syy))) / (my * Math.sqrt(n));
  return { status: 'measured', value: r, low: r - half, high: r + half };
}
