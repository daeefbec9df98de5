import { describe, expect, it } from 'vitest';
import { coveredMs, shiftRates } from './shift-rates';

const M = 60_000;

describe('coveredMs', () => {
  it('counts overlapping spans once and clips them to the window', () => {
    expect(coveredMs([{ from: 0, to: 10 * M }, { from: 5 * M, to: 20 * M }], 0, 60 * M)).toBe(20 * M);
    expect(coveredMs([{ from: 0, to: 30 * M }, { from: 5 * M, to: 10 * M }], 0, 60 * M)).toBe(30 * M);
    expect(coveredMs([{ from: -10 * M, to: 10 * M }], 0, 60 * M)).toBe(10 * M);
    expect(coveredMs([{ from: 50 * M, to: 70 * M }], 0, 60 * M)).toBe(10 * M);
    expect(coveredMs([{ from: 70 * M, to: 80 * M }, { from: -5 * M, to: 0 }], 0, 60 * M)).toBe(0);
  });

  it('runs an open span until the end of the window; separate spans add up', () => {
    expect(coveredMs([{ from: 40 * M, to: null }], 0, 60 * M)).toBe(20 * M);
    expect(coveredMs([{ from: 0, to: 10 * M }, { from: 30 * M, to: null }, { from: 35 * M, to: 36 * M }], 0, 60 * M)).toBe(40 * M);
    expect(coveredMs([], 0, 60 * M)).toBe(0);
  });
});

describe('shiftRates', () => {
  it('gives receipts per hour and items per minute on the time on duty, 2 decimals', () => {
    expect(shiftRates(90 * M, 25, 70)).toEqual({ minutesOnShift: 90, receiptsPerHour: 16.67, itemsPerMinute: 0.78 });
    expect(shiftRates(2.5 * M + 600, 1, 3)).toEqual({ minutesOnShift: 2.51, receiptsPerHour: 23.9, itemsPerMinute: 1.2 });
    expect(shiftRates(60 * M, -1, -2)).toEqual({ minutesOnShift: 60, receiptsPerHour: -1, itemsPerMinute: -0.03 });
  });

  it('says nothing under a minute on duty', () => {
    expect(shiftRates(59_999, 3, 3)).toEqual({ minutesOnShift: 1, receiptsPerHour: null, itemsPerMinute: null });
    expect(shiftRates(0, 0, 0)).toEqual({ minutesOnShift: 0, receiptsPerHour: null, itemsPerMinute: null });
    expect(shiftRates(M, 1, 1)).toEqual({ minutesOnShift: 1, receiptsPerHour: 60, itemsPerMinute: 1 });
  });
});
