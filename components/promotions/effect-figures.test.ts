import { describe, expect, it } from 'vitest';
import { estimateText, pct, units, verdict } from './effect-figures';

describe('effect figures as they read', () => {
  it('an estimate with its interval, or the reason there is none', () => {
    expect(estimateText({ status: 'measured', value: 0.312, low: 0.159, high: 0.561 }, pct)).toEqual({ value: '+31.2 %', range: '+15.9 % to +56.1 %', reason: null });
    expect(estimateText({ status: 'not_enough_data', reason: 'no whole hour yet' }, pct)).toEqual({ value: '–', range: null, reason: 'no whole hour yet' });
    expect(units(-1234.4)).toBe('−1,234');
  });

  it('says whether the interval shows an effect', () => {
    expect(verdict({ status: 'measured', value: 0.3, low: 0.1, high: 0.5 })).toBe('up');
    expect(verdict({ status: 'measured', value: -0.2, low: -0.3, high: -0.05 })).toBe('down');
    expect(verdict({ status: 'measured', value: 0.01, low: -0.1, high: 0.12 })).toBe('unclear');
    expect(verdict({ status: 'not_enough_data', reason: 'x' })).toBeNull();
  });
});
