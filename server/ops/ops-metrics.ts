import type { OpsAnswer, WorkerOps } from '../../lib/ops/ops-types';
import type { MetricFamily } from './prometheus-text';

const WORKER_COUNTERS: [keyof WorkerOps & ('consumed' | 'ok' | 'duplicate' | 'dlq' | 'produced' | 'batches' | 'retries'), string][] = [
  ['consumed', 'Messages a worker consumed (every outcome), summed over its live processes'],
  ['ok', 'Messages a worker handled'],
  ['duplicate', 'Messages a worker dropped as duplicates (same source and seq)'],
  ['dlq', 'Messages a worker sent to events.dlq'],
  ['produced', 'Messages a worker produced (dead letters excluded)'],
  ['batches', 'Batches a worker handled'],
  ['retries', 'Batches a worker retried because a dependency was down'],
];

const gauge = (name: string, help: string, samples: MetricFamily['samples']): MetricFamily => ({ name, help, type: 'gauge', samples });

/** The operations answer as Prometheus metric families: the same numbers GET /api/v1/ops answers. */
export function opsMetrics(a: OpsAnswer): MetricFamily[] {
  const w = (x: WorkerOps) => ({ worker: x.worker });
  const rated = (k: 'inPerSecond' | 'outPerSecond') => a.workers.flatMap((x) => (x[k] === null ? [] : [{ labels: w(x), value: x[k] }]));
  const deps = Object.entries(a.health.dependencies);
  return [
    ...WORKER_COUNTERS.map(([k, help]): MetricFamily => ({ name: `tillstream_worker_${k}_total`, help, type: 'counter', samples: a.workers.map((x) => ({ labels: w(x), value: x[k] })) })),
    gauge('tillstream_worker_instances', 'Live processes of a worker (counters published in the last 30 s)', a.workers.map((x) => ({ labels: w(x), value: x.instances }))),
    gauge('tillstream_worker_lag_messages', 'Messages not yet consumed over a worker’s partitions, as its processes last saw it', a.workers.map((x) => ({ labels: w(x), value: x.lag }))),
    gauge('tillstream_worker_events_in_per_second', 'Events a worker consumed per second over the last 30 s', rated('inPerSecond')),
    gauge('tillstream_worker_events_out_per_second', 'Events a worker produced per second over the last 30 s', rated('outPerSecond')),
    gauge('tillstream_worker_last_batch_seconds', 'Duration of a worker’s last batch (the slowest process)', a.workers.map((x) => ({ labels: w(x), value: x.lastBatchMs / 1000 }))),
    gauge('tillstream_worker_avg_batch_seconds', 'Moving average of a worker’s batch duration (the slowest process)', a.workers.map((x) => ({ labels: w(x), value: x.avgBatchMs / 1000 }))),
    gauge(
      'tillstream_consumer_lag_messages',
      'End offset minus the consumer group’s committed offset, per partition (Kafka)',
      a.consumerLag.map((l) => ({ labels: { group: l.group, topic: l.topic, partition: l.partition }, value: l.lag })),
    ),
    {
      name: 'tillstream_dlq_messages_total',
      help: 'Dead letters counted by the DLQ monitor, by the worker that rejected them and the reason class',
      type: 'counter',
      samples: a.dlq.reasons.map((r) => ({ labels: { worker: r.worker, reason: r.reason }, value: r.total })),
    },
    gauge('tillstream_dlq_last_hour_messages', 'Dead letters of the last hour, by worker and reason class', a.dlq.reasons.map((r) => ({ labels: { worker: r.worker, reason: r.reason }, value: r.lastHour }))),
    gauge(
      'tillstream_store_freshness_seconds',
      'Seconds since a store’s last event arrived (stores that never sent one are left out)',
      a.stores.flatMap((s) => (s.freshnessSeconds === null ? [] : [{ labels: { store: s.storeId }, value: s.freshnessSeconds }])),
    ),
    gauge('tillstream_store_missing_seqs', 'Sequence numbers missing over a store’s sources (open gaps)', a.stores.map((s) => ({ labels: { store: s.storeId }, value: s.missing }))),
    gauge('tillstream_store_online', '1 when a store is online, 0 when lagging or offline', a.stores.map((s) => ({ labels: { store: s.storeId, status: s.status }, value: s.status === 'online' ? 1 : 0 }))),
    gauge(
      'tillstream_source_freshness_seconds',
      'Seconds since a central source’s last event arrived (web shop, warehouse, HQ systems; sources never heard from are left out)',
      a.sources.flatMap((s) => (s.freshnessSeconds === null ? [] : [{ labels: { source: s.source }, value: s.freshnessSeconds }])),
    ),
    gauge('tillstream_source_missing_seqs', 'Sequence numbers missing below a central source’s highest (open gaps)', a.sources.map((s) => ({ labels: { source: s.source }, value: s.missing }))),
    gauge('tillstream_service_up', '1 when the service answered the health check, 0 when not', deps.map(([name, d]) => ({ labels: { service: name }, value: d.status === 'ok' ? 1 : 0 }))),
    gauge('tillstream_service_latency_seconds', 'How long the service took to answer the health check', deps.map(([name, d]) => ({ labels: { service: name }, value: d.latencyMs / 1000 }))),
  ];
}
