import { describe, expect, it } from 'vitest';
import { createRateSampler, workersOf, type InstanceStats } from './worker-stats';

const stats = (key: string, worker: string, at: number, consumed: number, produced: number, o: Partial<InstanceStats> = {}): InstanceStats => ({
  key,
  worker,
  consumed,
  ok: consumed,
  duplicate: 0,
  dlq: 0,
  produced,
  batches: 1,
  retries: 0,
  lag: 0,
  lastBatchMs: 10,
  avgBatchMs: 8,
  lastBatchAt: null,
  updatedAt: new Date(at).toISOString(),
  ...o,
});

describe('worker rates and sums', () => {
  it('has no rate from one sample, then the rate between the oldest and newest sample of the window', () => {
    const s = createRateSampler(30_000);
    const t = Date.parse('2026-11-21T10:00:00Z');
    expect(s.observe([stats('a', 'validator', t, 100, 90)]).get('a')).toEqual({ inPerSecond: null, outPerSecond: null });
    // The same publication read again adds nothing.
    expect(s.observe([stats('a', 'validator', t, 100, 90)]).get('a')).toEqual({ inPerSecond: null, outPerSecond: null });
    expect(s.observe([stats('a', 'validator', t + 2000, 120, 100)]).get('a')).toEqual({ inPerSecond: 10, outPerSecond: 5 });
    expect(s.observe([stats('a', 'validator', t + 4000, 160, 100)]).get('a')).toEqual({ inPerSecond: 15, outPerSecond: 2.5 });
    // Past the window the oldest samples drop out.
    expect(s.observe([stats('a', 'validator', t + 40_000, 160, 100)]).get('a')).toEqual({ inPerSecond: null, outPerSecond: null });
  });

  it('starts again when a process restarted (its counters went down)', () => {
    const s = createRateSampler();
    const t = Date.parse('2026-11-21T10:00:00Z');
    s.observe([stats('a', 'sink', t, 500, 0)]);
    expect(s.observe([stats('a', 'sink', t + 2000, 3, 0)]).get('a')).toEqual({ inPerSecond: null, outPerSecond: null });
  });

  it('sums a worker’s processes: counters, lag and rates added, batch times the slowest', () => {
    const t = Date.parse('2026-11-21T10:00:00Z');
    const rows = [stats('a1', 'aggregator', t, 10, 0, { lag: 3, lastBatchMs: 40, avgBatchMs: 20 }), stats('a2', 'aggregator', t + 1000, 5, 0, { lag: 4, retries: 2 }), stats('v', 'validator', t, 7, 7)];
    const rates = new Map([
      ['a1', { inPerSecond: 1.25, outPerSecond: 0 }],
      ['a2', { inPerSecond: 2, outPerSecond: 0 }],
      ['v', { inPerSecond: null, outPerSecond: null }],
    ]);
    const [agg, val] = workersOf(rows, rates);
    expect(agg).toMatchObject({ worker: 'aggregator', instances: 2, consumed: 15, lag: 7, retries: 2, inPerSecond: 3.3, lastBatchMs: 40, avgBatchMs: 20, updatedAt: new Date(t + 1000).toISOString() });
    expect(val).toMatchObject({ worker: 'validator', instances: 1, inPerSecond: null });
  });
});
