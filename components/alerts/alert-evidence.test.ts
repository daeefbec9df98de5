import { describe, expect, it } from 'vitest';
import { evidenceSummary } from './alert-evidence';

const summary = (kind: Parameters<typeof evidenceSummary>[0]['kind'], evidence: Record<string, unknown>) => evidenceSummary({ kind, evidence });

describe('evidence summaries', () => {
  it('revenue below: euros so far against expected', () => {
    expect(summary('revenue_below', { revenueSoFar: 12.5, expectedSoFar: 40, thresholdPerHour: 120, hourStart: '2026-11-21T13:00:00.000Z' })).toBe('€12.50 so far · expected €40.00 (€120.00/h)');
    expect(summary('revenue_below', { revenueSoFar: 70, lastWeekSoFar: 200, pctOfLastWeek: 40, lastWeekBar: 80 })).toBe('€70.00 so far · under €80.00: 40 % of last week’s €200.00');
  });

  it('store offline: silent or lagging, with the limit', () => {
    expect(summary('store_offline', { reason: 'silent', silentForMs: 420_000, lagMs: 1_000, thresholdMinutes: 5 })).toBe('Silent for 7 min (limit 5 min)');
    expect(summary('store_offline', { reason: 'silent', silentForMs: 2_700_000, lagMs: 1_000, thresholdMinutes: 5, usualSilenceMinutes: 40 })).toBe('Silent for 45 min (usually quiet up to 40 min at this hour, limit 5 min)');
    expect(summary('store_offline', { reason: 'lagging', silentForMs: 1_000, lagMs: 360_000, thresholdMinutes: 5 })).toBe('Events arrive 6 min late (limit 5 min)');
  });

  it('till gap: the missing seqs, however the gaps are spelled', () => {
    expect(summary('till_gap', { gaps: [{ first: 4, last: 5, openSince: '2026-11-21T10:00:00.000Z' }], missing: 2, maxSeq: 7, thresholdMinutes: 0.1 })).toBe('seq 4–5 missing · 2 events missing · last seq 7 · open over 0.1 min');
    expect(summary('till_gap', { gaps: [[4, 5], [9, 9]], missing: [4, 5, 9] })).toBe('seq 4–5, 9 missing · 3 events missing');
    expect(summary('till_gap', { gaps: [{ from: 4, to: 4 }], missing: 1 })).toBe('seq 4 missing · 1 event missing');
  });

  it('the pipeline’s: dead letters per minute, consumer lag', () => {
    expect(summary('dlq_rate', { perMinute: 12.4, thresholdPerMinute: 10, windowMinutes: 5, deadLetters: 62, reasons: [{ worker: 'validator', reason: 'schema', count: 60 }] })).toBe(
      '12.4 dead letters/min (last 5 min) · limit 10/min · most: validator: schema (60)',
    );
    expect(summary('consumer_lag', { lag: 15_000, thresholdMessages: 10_000, partitions: [{ topic: 'pos.events', partition: 2, lag: 9_000 }] })).toBe('lag 15,000 messages · limit 10,000 · worst pos.events/2 (9,000)');
  });

  it('low stock and loss rule hits', () => {
    expect(summary('low_stock', { onHand: 5, reserved: 2, available: 3, incoming: 20, reorderPoint: 10 })).toBe('3 available (reorder point 10) · on hand 5 · 20 incoming');
    expect(summary('loss_rule', { ruleId: 'postvoid-then-nosale', ruleName: 'Post-void then no-sale', events: [{}, {}], receiptId: 'S001-T01-000001' })).toBe('Post-void then no-sale · receipt S001-T01-000001 · 2 events');
  });

  it('an unknown shape: its plain values; nothing readable: a dash', () => {
    expect(summary('till_gap', { note: 'odd', nested: { a: 1 } })).toBe('note odd');
    expect(summary('consumer_lag', {})).toBe('–');
  });
});
