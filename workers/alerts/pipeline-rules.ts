import type { Thresholds } from '../../lib/alerts/alert-thresholds';
import type { PartitionLag } from '../../lib/ops/ops-types';
import { MINUTE_MS } from '../../lib/time/local-time';
import type { Verdict } from './condition-rules';

/** The dead-letter rate is judged over this many whole minutes (the current one is not whole yet). */
export const DLQ_WINDOW_MINUTES = 5;

/** Dead letters of one minute, by `<worker>|<reason class>` (the DLQ monitor's counts, workers/dlq). */
export type DlqMinute = Record<string, number>;

/**
 * `dlq_rate`: dead letters per minute, averaged over the last 5 whole minutes, above
 * `dlqPerMinute` (chain threshold; 0 = off). Critical at 5 times the threshold. The evidence
 * names the reasons that filled it, most frequent first.
 */
export function dlqRateVerdict(minutes: DlqMinute[], t: Thresholds, now: number): Verdict {
  if (t.dlqPerMinute <= 0) return { holds: false };
  const byReason = new Map<string, number>();
  for (const m of minutes) for (const [reason, n] of Object.entries(m)) byReason.set(reason, (byReason.get(reason) ?? 0) + n);
  const total = [...byReason.values()].reduce((a, b) => a + b, 0);
  const perMinute = Math.round((total / DLQ_WINDOW_MINUTES) * 10) / 10;
  if (perMinute <= t.dlqPerMinute) return { holds: false };
  const minuteNow = Math.floor(now / MINUTE_MS);
  return {
    holds: true,
    raised: {
      id: `dlq_rate:${minuteNow}`,
      kind: 'dlq_rate',
      severity: perMinute > 5 * t.dlqPerMinute ? 'critical' : 'warning',
      subject: {},
      evidence: {
        perMinute,
        thresholdPerMinute: t.dlqPerMinute,
        windowMinutes: DLQ_WINDOW_MINUTES,
        deadLetters: total,
        reasons: [...byReason]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 10)
          .map(([reason, count]) => ({ worker: reason.slice(0, reason.indexOf('|')), reason: reason.slice(reason.indexOf('|') + 1), count })),
      },
      openedAt: now,
    },
  };
}

/**
 * `consumer_lag`: one consumer group's lag (messages not yet read, over every partition of its
 * topics) above `consumerLagAbove` (chain threshold; 0 = off). Critical at 5 times the threshold.
 */
export function consumerLagVerdict(group: string, partitions: PartitionLag[], t: Thresholds, now: number): Verdict {
  if (t.consumerLagAbove <= 0) return { holds: false };
  const lag = partitions.reduce((n, p) => n + p.lag, 0);
  if (lag <= t.consumerLagAbove) return { holds: false };
  const worst = [...partitions].sort((a, b) => b.lag - a.lag).slice(0, 5);
  return {
    holds: true,
    raised: {
      id: `consumer_lag:${group}:${now}`,
      kind: 'consumer_lag',
      severity: lag > 5 * t.consumerLagAbove ? 'critical' : 'warning',
      subject: { groupId: group },
      evidence: { lag, thresholdMessages: t.consumerLagAbove, partitions: worst.map((p) => ({ topic: p.topic, partition: p.partition, lag: p.lag })) },
      openedAt: now,
    },
  };
}
