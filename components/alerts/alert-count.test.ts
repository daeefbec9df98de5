import { describe, expect, it } from 'vitest';
import { bellLabel, isNewCritical } from './alert-count';
import { anAlert } from './alert-test-data';

describe('the bell’s count of open alerts', () => {
  it('names itself for screen readers', () => {
    expect(bellLabel(null)).toBe('Alerts: loading');
    expect(bellLabel({ open: 0, critical: 0 })).toBe('Alerts: none open');
    expect(bellLabel({ open: 3, critical: 0 })).toBe('Alerts: 3 open');
    expect(bellLabel({ open: 3, critical: 1 })).toBe('Alerts: 3 open, 1 critical');
  });

  it('notifies only of a critical alert that just opened', () => {
    expect(isNewCritical(anAlert({ id: 'a', severity: 'critical' }))).toBe(true);
    expect(isNewCritical(anAlert({ id: 'a', severity: 'critical', version: 2, repeats: 1 }))).toBe(false);
    expect(isNewCritical(anAlert({ id: 'a', severity: 'warning' }))).toBe(false);
    expect(isNewCritical(anAlert({ id: 'a', severity: 'critical', state: 'resolved' }))).toBe(false);
  });
});
