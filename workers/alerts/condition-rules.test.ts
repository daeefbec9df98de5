import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, thresholdsFor } from '../../lib/alerts/alert-thresholds';
import type { StoreState } from '../../lib/kpis/store-answers';
import { localHourOf, offlineVerdict, revenueVerdict, silentPastLimit, usualSilenceMs } from './condition-rules';

const MIN = 60_000;
const now = Date.parse('2026-11-21T10:30:00Z');
const state = (silentForMs: number | null, lagMs: number | null = 1000): StoreState => ({
  storeId: 'S001',
  name: 'One',
  region: 'north',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  tills: [],
  status: 'online',
  lastEventAt: silentForMs === null ? null : new Date(now - silentForMs - 1000).toISOString(),
  lastArrivalAt: silentForMs === null ? null : new Date(now - silentForMs).toISOString(),
  lagMs,
  silentForMs,
  missing: 0,
  sources: [],
});

describe('store_offline', () => {
  const t = { ...DEFAULT_THRESHOLDS, offlineAfterMinutes: 5 };
  it('holds past N minutes of silence, one id per silence', () => {
    expect(offlineVerdict(state(4 * MIN), t).holds).toBe(false);
    const v = offlineVerdict(state(6 * MIN), t);
    expect(v).toMatchObject({ holds: true, raised: { kind: 'store_offline', severity: 'critical', subject: { storeId: 'S001' }, openedAt: now - 6 * MIN + 5 * MIN } });
    const later = offlineVerdict({ ...state(7 * MIN), lastArrivalAt: state(6 * MIN).lastArrivalAt }, t);
    expect(later.holds && v.holds && later.raised.id === v.raised.id).toBe(true);
  });
  it('holds when the newest event arrived more than N minutes late; never for a store never heard from', () => {
    expect(offlineVerdict(state(10_000, 6 * MIN), t)).toMatchObject({ holds: true, raised: { severity: 'warning', evidence: { reason: 'lagging' } } });
    expect(offlineVerdict(state(null, null), t).holds).toBe(false);
  });
});

describe('store_offline at a quiet hour', () => {
  const t = { ...DEFAULT_THRESHOLDS, offlineAfterMinutes: 5 };
  const from = Date.parse('2026-11-14T02:00:00Z');
  const to = from + 120 * MIN;
  it('reads the usual quiet as the longest run without activity in the window, to its edges', () => {
    expect(usualSilenceMs([from + 10 * MIN, from + 50 * MIN, from + 90 * MIN], from, to)).toBe(40 * MIN);
    expect(usualSilenceMs([from + 70 * MIN], from, to)).toBe(70 * MIN);
    expect(usualSilenceMs([from + 5 * MIN, from + 110 * MIN], from, to)).toBe(105 * MIN);
    // Minutes outside the window do not count; a window with no activity is no excuse.
    expect(usualSilenceMs([from - MIN, to], from, to)).toBe(0);
    expect(usualSilenceMs([], from, to)).toBe(0);
    expect(usualSilenceMs(Array.from({ length: 120 }, (_, i) => from + i * MIN), from, to)).toBe(MIN);
  });
  it('does not judge a silence within the usual quiet; past it, critical from the end of the usual quiet, which the evidence names', () => {
    expect(silentPastLimit(state(20 * MIN), t)).toBe(true);
    expect(offlineVerdict(state(20 * MIN), t, 40 * MIN).holds).toBe(false);
    expect(offlineVerdict(state(41 * MIN), t, 40 * MIN)).toMatchObject({
      holds: true,
      raised: { severity: 'critical', openedAt: now - 41 * MIN + 40 * MIN, evidence: { reason: 'silent', thresholdMinutes: 5, usualSilenceMinutes: 40 } },
    });
    // A usual quiet under the threshold changes nothing, and is not named.
    const v = offlineVerdict(state(6 * MIN), t, 2 * MIN);
    expect(v.holds && v.raised.evidence).not.toHaveProperty('usualSilenceMinutes');
    // Lagging is judged as before.
    expect(offlineVerdict(state(10_000, 6 * MIN), t, 60 * MIN)).toMatchObject({ holds: true, raised: { severity: 'warning' } });
  });
});

describe('revenue_below', () => {
  const store = { storeId: 'S001', timezone: 'Asia/Kolkata' };
  const t = { ...DEFAULT_THRESHOLDS, revenueBelowPerHour: 600, revenueJudgedFromMinute: 20 };
  it('finds the store-local hour (half-hour offsets included)', () => {
    // 10:30Z is 16:00 in Kolkata (+5:30): the hour just started.
    expect(localHourOf(now, 'Asia/Kolkata')).toEqual({ hourStart: now, elapsedMs: 0 });
    expect(localHourOf(now, 'Europe/Berlin')).toEqual({ hourStart: now - 30 * MIN, elapsedMs: 30 * MIN });
  });
  it('never judges an hour before its minute N, nor with no threshold', () => {
    expect(revenueVerdict(store, t, 0, now + 19 * MIN).holds).toBe(false);
    expect(revenueVerdict(store, { ...t, revenueBelowPerHour: 0 }, 0, now + 40 * MIN).holds).toBe(false);
  });
  it('holds under the threshold prorated to the time passed, one id per hour', () => {
    // 30 minutes in: 300 expected.
    expect(revenueVerdict(store, t, 300, now + 30 * MIN).holds).toBe(false);
    const v = revenueVerdict(store, t, 299, now + 30 * MIN);
    expect(v).toMatchObject({ holds: true, raised: { id: `revenue_below:S001:${now}`, severity: 'warning', evidence: { expectedSoFar: 300, revenueSoFar: 299 } } });
    expect(revenueVerdict(store, t, 100, now + 30 * MIN)).toMatchObject({ raised: { severity: 'critical' } });
  });
});

describe('thresholds', () => {
  it('are the defaults, then the chain, the region and the store, field by field', () => {
    const all = new Map([
      ['chain', { revenueBelowPerHour: 100 }],
      ['region:north', { revenueBelowPerHour: 200, offlineAfterMinutes: 10 }],
      ['store:S001', { offlineAfterMinutes: 3 }],
    ]);
    expect(thresholdsFor(all, { storeId: 'S001', region: 'north' })).toEqual({ ...DEFAULT_THRESHOLDS, revenueBelowPerHour: 200, offlineAfterMinutes: 3 });
    expect(thresholdsFor(all, { storeId: 'S002', region: 'south' })).toEqual({ ...DEFAULT_THRESHOLDS, revenueBelowPerHour: 100 });
  });
});

describe('store_offline: closed stores', () => {
  const t = { ...DEFAULT_THRESHOLDS, offlineAfterMinutes: 5 };
  const src = (source: string, shift?: 'open' | 'closed') => ({ source, maxSeq: 10, lastEventAt: null, lastArrivalAt: null, lagMs: 0, missing: 0, ...(shift && { shift }), gaps: [] });
  it('a silent store whose staffed tills all closed their shifts is closed, not offline; one open till makes it offline', () => {
    // The self-checkout (no shifts) does not count either way.
    expect(offlineVerdict({ ...state(60 * MIN), sources: [src('S001-T01', 'closed'), src('S001-T02', 'closed'), src('S001-T06')] }, t).holds).toBe(false);
    expect(offlineVerdict({ ...state(60 * MIN), sources: [src('S001-T01', 'closed'), src('S001-T02', 'open')] }, t).holds).toBe(true);
    // No shift known at all: judged.
    expect(offlineVerdict({ ...state(60 * MIN), sources: [src('S001-T06')] }, t).holds).toBe(true);
  });
});

describe('revenue_below: against the same hour last week', () => {
  const store = { storeId: 'S001', timezone: 'Europe/Berlin' };
  // 10:30Z is 11:30 in Berlin: 30 minutes into the local hour.
  const t = { ...DEFAULT_THRESHOLDS, revenueBelowPerHour: 0, revenueBelowPctOfLastWeek: 50, revenueJudgedFromMinute: 20 };
  it('holds under the % of last week’s same span, and not when last week sold nothing', () => {
    expect(revenueVerdict(store, t, 100, now, 200).holds).toBe(false);
    expect(revenueVerdict(store, t, 99.99, now, 200)).toMatchObject({ holds: true, raised: { evidence: { lastWeekSoFar: 200, lastWeekBar: 100, below: ['last_week'] } } });
    expect(revenueVerdict(store, t, 0, now, 0).holds).toBe(false);
    expect(revenueVerdict(store, t, 0, now, null).holds).toBe(false);
  });
  it('with both bars, the higher one decides and the evidence names each one missed', () => {
    const both = { ...t, revenueBelowPerHour: 600 };
    expect(revenueVerdict(store, both, 250, now, 400)).toMatchObject({ raised: { evidence: { expectedSoFar: 300, lastWeekBar: 200, below: ['threshold'] } } });
    expect(revenueVerdict(store, both, 190, now, 400)).toMatchObject({ raised: { severity: 'warning', evidence: { below: ['threshold', 'last_week'] } } });
    expect(revenueVerdict(store, both, 149, now, 400)).toMatchObject({ raised: { severity: 'critical' } });
  });
});
