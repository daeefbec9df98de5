import kafkajs from 'kafkajs';
import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { percentile, rate, rssMb, timed } from './measure';
import { sampleEvent } from './sample-event';

const { Kafka, logLevel } = kafkajs;

export interface BenchRow {
  what: string;
  figure: string;
  detail: string;
}

/** kafkajs idempotent producer (acks -1), batches of 2,000, JSON.stringify included. */
export async function benchKafkaProduce(brokers: string[], topic: string, n: number): Promise<BenchRow> {
  const producer = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).producer({ idempotent: true });
  await producer.connect();
  const { ms } = await timed(async () => {
    for (let i = 0; i < n; i += 2000) {
      const messages = [];
      for (let j = i; j < Math.min(n, i + 2000); j++) {
        const e = sampleEvent(j);
        messages.push({ key: `${e.storeId as string}:${e.tillId as string}`, value: JSON.stringify(e) });
      }
      await producer.send({ topic, acks: -1, messages });
    }
  });
  await producer.disconnect();
  return { what: 'kafkajs produce (idempotent, acks=-1, 2,000/batch)', figure: `${rate(n, ms)} events/s`, detail: `${n} events in ${(ms / 1000).toFixed(2)} s` };
}

/** kafkajs consumer group, eachBatch with JSON.parse of every event. */
export async function benchKafkaConsume(brokers: string[], topic: string, n: number): Promise<BenchRow> {
  const consumer = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `bench-${Date.now()}`,
    maxBytes: 16 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let t0 = 0;
  const { ms } = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`consumed ${seen} of ${n} in 120 s`)), 120_000);
        consumer
          .run({
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }) => {
              if (t0 === 0) t0 = performance.now();
              for (const m of batch.messages) JSON.parse(m.value!.toString());
              seen += batch.messages.length;
              resolveOffset(batch.lastOffset());
              if (seen >= n) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      }),
  );
  const fromFirstBatch = performance.now() - t0;
  await consumer.disconnect();
  return {
    what: 'kafkajs consume (group, eachBatch, JSON.parse)',
    figure: `${rate(n, fromFirstBatch)} events/s`,
    detail: `${n} events; ${(fromFirstBatch / 1000).toFixed(2)} s from first batch, ${(ms / 1000).toFixed(2)} s incl. group join`,
  };
}

/** Redis: HINCRBY in pipelines of 1,000 (one pipeline per flush, as the aggregator does). */
export async function benchRedisPipeline(redis: Redis, n: number): Promise<BenchRow> {
  const { ms } = await timed(async () => {
    for (let i = 0; i < n; i += 1000) {
      const p = redis.pipeline();
      for (let j = i; j < Math.min(n, i + 1000); j++) p.hincrby(`bench:store:S${j % 12}:min:${Math.floor(j / 500)}`, 'net', j % 4000);
      await p.exec();
    }
  });
  return { what: 'Redis HINCRBY, pipelines of 1,000', figure: `${rate(n, ms)} ops/s`, detail: `${n} ops in ${(ms / 1000).toFixed(2)} s` };
}

/** ClickHouse through @clickhouse/client: JSONEachRow inserts of 10,000 rows, then a parameterised aggregate. */
export async function benchClickHouse(ch: ClickHouseClient, n: number): Promise<BenchRow[]> {
  await ch.command({ query: 'TRUNCATE TABLE IF EXISTS bench_events' });
  await ch.command({
    query: `CREATE TABLE IF NOT EXISTS bench_events (store_id LowCardinality(String), source String, seq UInt64,
            occurred_at DateTime64(3, 'UTC'), sku String, amount Int64) ENGINE = MergeTree ORDER BY (store_id, occurred_at)`,
  });
  const { ms } = await timed(async () => {
    for (let i = 0; i < n; i += 10_000) {
      const rows = [];
      for (let j = i; j < Math.min(n, i + 10_000); j++) {
        const e = sampleEvent(j);
        const p = e.payload as { sku: string; unitPrice: number; qty: number };
        rows.push({ store_id: e.storeId, source: e.source, seq: e.seq, occurred_at: (e.occurredAt as string).replace('T', ' ').replace('Z', ''), sku: p.sku, amount: p.unitPrice * p.qty });
      }
      await ch.insert({ table: 'bench_events', values: rows, format: 'JSONEachRow' });
    }
  });
  const latencies: number[] = [];
  for (let i = 0; i < 50; i++) {
    const { ms: q } = await timed(async () => {
      const rs = await ch.query({
        query: `SELECT toStartOfMinute(occurred_at) AS minute, sum(amount) AS net, count() AS n
                FROM bench_events WHERE store_id = {storeId:String} GROUP BY minute ORDER BY minute`,
        query_params: { storeId: `S${String((i % 12) + 1).padStart(3, '0')}` },
        format: 'JSONEachRow',
      });
      return rs.json();
    });
    latencies.push(q);
  }
  latencies.sort((a, b) => a - b);
  await ch.command({ query: 'DROP TABLE IF EXISTS bench_events' });
  return [
    { what: 'ClickHouse insert (client, JSONEachRow, 10,000/insert)', figure: `${rate(n, ms)} rows/s`, detail: `${n} rows in ${(ms / 1000).toFixed(2)} s` },
    {
      what: 'ClickHouse per-store minute aggregate (parameterised)',
      figure: `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms`,
      detail: `50 queries over ${n} rows; RSS ${rssMb()} MB after`,
    },
  ];
}
