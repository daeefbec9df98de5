import { describe, expect, it } from 'vitest';
import type { LossAlert } from '@/lib/loss/rules/loss-alert';
import { mergeAlert } from './use-loss-alerts';

const alert = (id: string, openedAt: number, ruleId = 'post-void-then-no-sale'): LossAlert => ({
  id,
  kind: 'loss_rule',
  severity: 'warning',
  subject: { storeId: 'S001', tillId: 'S001-T01', cashierId: 'C001', receiptId: '' },
  evidence: { ruleId, ruleVersion: 1, ruleName: ruleId, ruleKind: 'sequence', events: [], detail: {} },
  state: 'open',
  openedAt,
  day: '2026-11-21',
});

describe('a pushed rule hit merged into the alerts on screen', () => {
  it('goes in newest first, once, and the oldest drops out past the limit', () => {
    const answer = { alerts: [alert('b', 200), alert('a', 100)], truncated: false };
    const once = mergeAlert(answer, alert('c', 150), {}, 3);
    expect(once.alerts.map((a) => a.id)).toEqual(['b', 'c', 'a']);
    expect(mergeAlert(once, alert('c', 150), {}, 3)).toBe(once);
    const full = mergeAlert(once, alert('d', 300), {}, 3);
    expect(full.alerts.map((a) => a.id)).toEqual(['d', 'b', 'c']);
    expect(full.truncated).toBe(true);
  });

  it('leaves out a hit of another rule than the one filtered on', () => {
    const answer = { alerts: [], truncated: false };
    expect(mergeAlert(answer, alert('x', 1, 'many-line-voids'), { rule: 'post-void-then-no-sale' }, 10)).toBe(answer);
    expect(mergeAlert(answer, alert('x', 1), { rule: 'post-void-then-no-sale' }, 10).alerts).toHaveLength(1);
  });
});
