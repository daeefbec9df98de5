import { describe, expect, it } from 'vitest';
import { parseCli, parseDuration } from './cli-options';

const NOW = Date.parse('2026-11-21T10:15:42Z');

describe('parseCli', () => {
  it('defaults to the 12-store chain, live from now at real speed', () => {
    const o = parseCli([], NOW);
    expect(o).toMatchObject({ seed: 1, stores: 12, tills: 6, skus: 2400, dishonest: 3, accel: 1, rate: Number.POSITIVE_INFINITY });
    expect(o.start).toBe(Date.parse('2026-11-21T10:15:00Z'));
    // Live from now itself (not the whole minute): events are stamped with the wall clock.
    expect(o.liveFrom).toBe(NOW);
    expect(o.end).toBe(Number.POSITIVE_INFINITY);
  });

  it('backfills history up to now, then runs live', () => {
    const o = parseCli(['--history', '35d', '--accel', '60'], NOW);
    expect(o.start).toBe(Date.parse('2026-10-17T10:15:00Z'));
    expect(o.liveFrom).toBe(NOW);
    expect(o.accel).toBe(60);
  });

  it('runs a fixed window as fast as possible, with faults', () => {
    const o = parseCli(
      ['--start', '2026-11-20T00:00:00Z', '--duration', '1d', '--accel', 'max', '--rate', '50000', '--truth', 't.json', '--duplicates', '0.01', '--malformed', '0.001', '--offline', 'S003@2026-11-20T10:00:00Z+1h'],
      NOW,
    );
    expect(o.end - o.start).toBe(86_400_000);
    expect(o.accel).toBe(Number.POSITIVE_INFINITY);
    expect(o.rate).toBe(50_000);
    expect(o.faults).toEqual({ duplicates: 0.01, malformed: 0.001, offline: [{ storeId: 'S003', from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') }] });
  });

  it('trades at the formats\' hours unless asked to trade around the clock', () => {
    expect(parseCli([], NOW).aroundTheClock).toBeUndefined();
    expect(parseCli(['--around-the-clock'], NOW).aroundTheClock).toBe(true);
  });

  it('keeps the nightly replenishment unless asked for orders, with a lead time', () => {
    expect(parseCli([], NOW).replenishment).toEqual({ mode: 'nightly', leadTime: 2 * 3_600_000 });
    expect(parseCli(['--replenishment', 'orders'], NOW).replenishment).toEqual({ mode: 'orders', leadTime: 2 * 3_600_000 });
    expect(parseCli(['--replenishment', 'orders', '--lead-time', '30m'], NOW).replenishment).toEqual({ mode: 'orders', leadTime: 1_800_000 });
  });

  it('applies the calendar only unless asked for hq, with the planted response', () => {
    expect(parseCli([], NOW).promotions).toEqual({ mode: 'calendar', lift: 0.2, cannibalisation: 0.05 });
    expect(parseCli(['--promotions', 'hq', '--promo-lift', '0.3', '--promo-cannibalisation', '0'], NOW).promotions).toEqual({ mode: 'hq', lift: 0.3, cannibalisation: 0 });
    expect(() => parseCli(['--promotions', 'kafka'], NOW)).toThrow(/--promotions: "kafka"/);
    expect(() => parseCli(['--promo-lift=-1'], NOW)).toThrow(/--promo-lift: "-1"/);
    expect(() => parseCli(['--promo-cannibalisation', '2'], NOW)).toThrow(/--promo-cannibalisation: "2"/);
  });

  it('names the option in every error', () => {
    expect(() => parseCli(['--stores', 'twelve'])).toThrow(/--stores: "twelve"/);
    expect(() => parseCli(['--duration', '3 days'])).toThrow(/--duration: "3 days" is not a duration/);
    expect(() => parseCli(['--truth', 'x.json'])).toThrow(/--truth needs --duration/);
    expect(() => parseCli(['--start', '2026-11-20 10:00'])).toThrow(/--start: .* ISO 8601/);
    expect(() => parseCli(['--offline', 'S099@2026-11-20T10:00:00Z+1h'])).toThrow(/--offline: store "S099"/);
    expect(() => parseCli(['--duplicates', '2'])).toThrow(/--duplicates/);
    expect(() => parseCli(['--accel', '-1'])).toThrow(/--accel/);
    expect(() => parseCli(['--bogus'])).toThrow(/bogus/);
    expect(() => parseCli(['--replenishment', 'weekly'])).toThrow(/--replenishment: "weekly"/);
    expect(() => parseCli(['--lead-time', '1h'])).toThrow(/--lead-time needs --replenishment orders/);
    expect(() => parseCli(['--replenishment', 'orders', '--lead-time', 'soon'])).toThrow(/--lead-time: "soon" is not a duration/);
  });

  it('reads durations', () => {
    expect(parseDuration('90m', 'x')).toBe(5_400_000);
    expect(parseDuration('1.5h', 'x')).toBe(5_400_000);
    expect(parseDuration('35d', 'x')).toBe(35 * 86_400_000);
  });
});
