import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { expect } from 'vitest';
import type { OpsAnswer } from '../lib/ops/ops-types';

/**
 * For the tests: an exposition parsed by a real Prometheus text parser (npm
 * parse-prometheus-text-format), each sample as `name{k="v",…}` (labels sorted) → value.
 */
export function prometheusValues(text: string): { types: Map<string, string>; values: Map<string, number> } {
  const types = new Map<string, string>();
  const values = new Map<string, number>();
  for (const f of parsePrometheusTextFormat(text)) {
    types.set(f.name, f.type);
    for (const m of f.metrics) values.set(sampleKey(f.name, m.labels ?? {}), Number(m.value));
  }
  return { types, values };
}

export function sampleKey(name: string, labels: Record<string, string | number>): string {
  const l = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(String(v))}`);
  return l.length === 0 ? name : `${name}{${l.join(',')}}`;
}

/** Every number of the answer that /api/metrics exposes, as the metric sample it must be (shared with the int test). */
export function expectMetricsEqualAnswer(text: string, a: OpsAnswer): void {
  const { types, values } = prometheusValues(text);
  const v = (name: string, labels: Record<string, string | number>) => values.get(sampleKey(name, labels));
  for (const w of a.workers) {
    for (const k of ['consumed', 'ok', 'duplicate', 'dlq', 'produced', 'batches', 'retries'] as const) expect(v(`tillstream_worker_${k}_total`, { worker: w.worker }), `${w.worker} ${k}`).toBe(w[k]);
    expect(v('tillstream_worker_lag_messages', { worker: w.worker })).toBe(w.lag);
    expect(v('tillstream_worker_avg_batch_seconds', { worker: w.worker })).toBe(w.avgBatchMs / 1000);
    expect(v('tillstream_worker_events_in_per_second', { worker: w.worker })).toBe(w.inPerSecond ?? undefined);
  }
  for (const l of a.consumerLag) expect(v('tillstream_consumer_lag_messages', { group: l.group, topic: l.topic, partition: l.partition })).toBe(l.lag);
  for (const r of a.dlq.reasons) {
    expect(v('tillstream_dlq_messages_total', { worker: r.worker, reason: r.reason }), r.reason).toBe(r.total);
    expect(v('tillstream_dlq_last_hour_messages', { worker: r.worker, reason: r.reason })).toBe(r.lastHour);
  }
  for (const s of a.stores) {
    expect(v('tillstream_store_freshness_seconds', { store: s.storeId })).toBe(s.freshnessSeconds ?? undefined);
    expect(v('tillstream_store_missing_seqs', { store: s.storeId })).toBe(s.missing);
  }
  for (const s of a.sources) {
    expect(v('tillstream_source_freshness_seconds', { source: s.source })).toBe(s.freshnessSeconds ?? undefined);
    expect(v('tillstream_source_missing_seqs', { source: s.source })).toBe(s.missing);
  }
  for (const [name, d] of Object.entries(a.health.dependencies)) expect(v('tillstream_service_up', { service: name })).toBe(d.status === 'ok' ? 1 : 0);
  if (a.workers.length > 0) expect(types.get('tillstream_worker_consumed_total')).toBe('COUNTER');
  expect(types.get('tillstream_service_up')).toBe('GAUGE');
}

