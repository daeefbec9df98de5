import { describe, expect, it } from 'vitest';
import { DEFAULT_STATES, type AlertFilters } from './alert-filters';
import { dropStale, matchesFilters, mergeLiveAlert, mergeLiveAlerts } from './alert-list';
import { anAlert } from './alert-test-data';

const all: AlertFilters = { states: DEFAULT_STATES };

describe('merging a live alert into the list shown', () => {
  it('adds one that passes the filters, newest first', () => {
    const list = [anAlert({ id: 'b', openedAt: 2_000 }), anAlert({ id: 'a', openedAt: 1_000 })];
    const m = mergeLiveAlert(list, anAlert({ id: 'c', openedAt: 1_500 }), all);
    expect(m.outcome).toBe('added');
    expect(m.alerts.map((a) => a.id)).toEqual(['b', 'c', 'a']);
    expect(list).toHaveLength(2);
  });

  it('leaves out one the filters exclude: state, kind, severity, store', () => {
    const list = [anAlert({ id: 'a' })];
    const cases: [AlertFilters, Parameters<typeof anAlert>[0]][] = [
      [all, { id: 'x', state: 'resolved' }],
      [{ ...all, kind: 'low_stock' }, { id: 'x' }],
      [{ ...all, severity: 'critical' }, { id: 'x' }],
      [{ ...all, storeId: 'S001' }, { id: 'x' }],
      [{ ...all, storeId: 'S001' }, { id: 'x', kind: 'dlq_rate', subject: {} }],
    ];
    for (const [f, patch] of cases) {
      const m = mergeLiveAlert(list, anAlert(patch), f);
      expect(m.outcome, JSON.stringify(f)).toBe('unchanged');
      expect(m.alerts).toBe(list);
    }
    expect(mergeLiveAlert(list, anAlert({ id: 'x', kind: 'low_stock', severity: 'critical', subject: { storeId: 'S001' } }), { ...all, kind: 'low_stock', severity: 'critical', storeId: 'S001' }).outcome).toBe('added');
  });

  it('replaces one listed by id, even when it no longer passes the filters (resolved while watched)', () => {
    const list = [anAlert({ id: 'a', version: 2, state: 'acknowledged' })];
    const m = mergeLiveAlert(list, anAlert({ id: 'a', version: 3, state: 'resolved', resolvedBy: 'auto' }), all);
    expect(m.outcome).toBe('replaced');
    expect(m.alerts).toHaveLength(1);
    expect(m.alerts[0]).toMatchObject({ state: 'resolved', resolvedBy: 'auto' });
  });

  it('keeps what it has when the live change is older (a lower version)', () => {
    const list = [anAlert({ id: 'a', version: 3, state: 'acknowledged' })];
    const m = mergeLiveAlert(list, anAlert({ id: 'a', version: 2 }), all);
    expect(m.outcome).toBe('unchanged');
    expect(m.alerts[0]!.state).toBe('acknowledged');
    // The same version again (the answer of one's own acknowledgement, then its live echo) changes nothing.
    expect(mergeLiveAlert(list, anAlert({ id: 'a', version: 3, state: 'acknowledged' }), all).outcome).toBe('unchanged');
  });

  it('matches as the server does', () => {
    expect(matchesFilters(anAlert({ id: 'a' }), all)).toBe(true);
    expect(matchesFilters(anAlert({ id: 'a', state: 'resolved' }), { states: ['resolved'] })).toBe(true);
  });

  it('drops rows that no longer pass the filters once their change is 5 minutes old', () => {
    const now = 10 * 60_000;
    const list = [anAlert({ id: 'open', updatedAt: 0 }), anAlert({ id: 'fresh', state: 'resolved', updatedAt: now - 60_000 }), anAlert({ id: 'stale', state: 'resolved', updatedAt: now - 6 * 60_000 })];
    expect(dropStale(list, all, now).map((a) => a.id)).toEqual(['open', 'fresh']);
    const kept = list.slice(0, 2);
    expect(dropStale(kept, all, now)).toBe(kept);
  });

  it('merges a batch as it merges each, sorting once', () => {
    const list = [anAlert({ id: 'b', openedAt: 2_000 }), anAlert({ id: 'a', openedAt: 1_000 })];
    const batch = [anAlert({ id: 'c', openedAt: 1_500 }), anAlert({ id: 'a', openedAt: 1_000, version: 2, state: 'resolved' }), anAlert({ id: 'c', openedAt: 1_500, version: 2, repeats: 1 }), anAlert({ id: 'x', state: 'resolved' }), anAlert({ id: 'b', openedAt: 2_000 })];
    const m = mergeLiveAlerts(list, batch, all);
    expect(m.alerts.map((a) => `${a.id}@${a.version}`)).toEqual(['b@1', 'c@2', 'a@2']);
    expect([...m.changed]).toEqual([
      ['c', 'added'],
      ['a', 'replaced'],
    ]);
    let one = [...list];
    for (const a of batch) one = mergeLiveAlert(one, a, all).alerts;
    expect(one).toEqual(m.alerts);
    expect(mergeLiveAlerts(list, [anAlert({ id: 'x', state: 'resolved' })], all).alerts).toBe(list);
  });
});
