import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatMoney, formatMoneyChange, formatPctChange, formatRatio } from './format';

describe('formatting', () => {
  it('money from cents, with its currency, exact to the cent', () => {
    expect(formatMoney(1234567, 'EUR')).toBe('€12,345.67');
    expect(formatMoney(5, 'GBP')).toBe('£0.05');
    expect(formatMoney(-1999, 'EUR')).toBe('-€19.99');
    expect(formatMoney(100, null)).toBe('1.00');
    expect(formatMoney(null, 'EUR')).toBe('–');
    // Minor units as ISO 4217 defines them: none for the yen, three for the Kuwaiti dinar.
    expect(formatMoney(1234567, 'JPY')).toBe('JP¥1,234,567');
    expect(formatMoney(1234567, 'KWD')).toBe('KWD\u00a01,234.567');
    expect(formatMoneyChange(12000, 'EUR')).toBe('+€120.00');
    expect(formatMoneyChange(-350, 'EUR')).toBe('−€3.50');
  });

  it('counts, ratios, changes and durations', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRatio(3.456)).toBe('3.46');
    expect(formatRatio(null)).toBe('–');
    expect(formatPctChange(12.5)).toBe('+12.5 %');
    expect(formatPctChange(-3)).toBe('−3 %');
    expect(formatPctChange(null)).toBe('–');
    expect(formatDuration(4000)).toBe('4 s');
    expect(formatDuration(185_000)).toBe('3 min');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
  });
});
