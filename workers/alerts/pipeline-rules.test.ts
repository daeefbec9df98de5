import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../lib/alerts/alert-thresholds';
import type { PartitionLag } from '../../lib/ops/ops-types';
import { consumerLagVerdict, dlqRateVerdict } from './pipeline-rules';

const now = Date.parse('2026-11-21T10:30:10Z');

describe('dlq_rate', () => {
  const t = { ...DEFAULT_THRESHOLDS, dlqPerMinute: 10 };
  const minutes = (n: number) => Array.from({ length: 5 }, () => ({ 'validator|receipt total is not its lines': n, 'sink|not JSON': 1 }));
  it('holds when the 5-minute average is above the threshold, naming the reasons, most frequent first', () => {
    expect(dlqRateVerdict(minutes(9), t, now).holds).toBe(false); // 10 per minute: not above
    const v = dlqRateVerdict(minutes(10), t, now);
    expect(v).toMatchObject({ holds: true, raised: { kind: 'dlq_rate', severity: 'warning', subject: {}, evidence: { perMinute: 11, deadLetters: 55 } } });
    expect(v.holds && v.raised.evidence.reasons).toEqual([
      { worker: 'validator', reason: 'receipt total is not its lines', count: 50 },
      { worker: 'sink', reason: 'not JSON', count: 5 },
    ]);
    expect(dlqRateVerdict(minutes(60), t, now)).toMatchObject({ raised: { severity: 'critical' } });
  });
  it('is off at 0', () => {
    expect(dlqRateVerdict(minutes(1000), { ...t, dlqPerMinute: 0 }, now).holds).toBe(false);
  });
});

describe('consumer_lag', () => {
  const t = { ...DEFAULT_THRESHOLDS, consumerLagAbove: 1000 };
  const p = (partition: number, lag: number): PartitionLag => ({ group: 'tillstream-sink', topic: 'events.valid', partition, committed: '0', end: String(lag), lag });
  it('holds when a group’s lag over its partitions is above the threshold, with the worst partitions', () => {
    expect(consumerLagVerdict('tillstream-sink', [p(0, 600), p(1, 400)], t, now).holds).toBe(false);
    const v = consumerLagVerdict('tillstream-sink', [p(0, 600), p(1, 401)], t, now);
    expect(v).toMatchObject({ holds: true, raised: { kind: 'consumer_lag', subject: { groupId: 'tillstream-sink' }, severity: 'warning', evidence: { lag: 1001 } } });
    expect(v.holds && v.raised.evidence.partitions).toEqual([
      { topic: 'events.valid', partition: 0, lag: 600 },
      { topic: 'events.valid', partition: 1, lag: 401 },
    ]);
    expect(consumerLagVerdict('tillstream-sink', [p(0, 6000)], t, now)).toMatchObject({ raised: { severity: 'critical' } });
  });
});
