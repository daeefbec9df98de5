import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { createRedis } from '../../lib/clients/redis';
import { migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { freePort } from '../../lib/ports';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { DependencyUnavailable, type InputBatch } from '../harness/worker';
import { redisPartitionStore } from './partition-store';
import { salesPerStoreMinute } from './read-rollups';
import { sinkKeys } from './redis-keys';
import { createSinkWorker } from './sink-worker';
import { batchOf, partitionByKey } from './testing/partitioned-input';
import { eventCounts, truncateSinkTables } from './testing/sink-fixture';

describe('history sink when ClickHouse or Redis fails (real chDB and Redis)', () => {
  const log = createLogger({ level: 'silent' });
  let ch: ClickHouseClient;
  let redis: Redis;
  let batch: InputBatch;
  let scope = '';
  let n = 0;

  /** The store rollup recomputed from the journal: what the view must hold. */
  async function rollupFromJournal(): Promise<unknown[]> {
    const rs = await ch.query({
      query: `SELECT store_id, toString(toStartOfMinute(occurred_at)) AS minute,
                     sumIf(amount, type = 'pos.receipt.closed') AS gross,
                     toInt64(countIf(type = 'pos.receipt.closed')) - toInt64(countIf(type = 'pos.receipt.postvoided')) AS receipts
              FROM events FINAL
              WHERE type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.refund.issued') AND store_id != ''
              GROUP BY store_id, minute ORDER BY store_id, minute`,
      format: 'JSONEachRow',
    });
    return rs.json();
  }
  const rollup = async () =>
    (await salesPerStoreMinute(ch, { from: '1970-01-01 00:00:00', to: '2106-01-01 00:00:00' })).map((r) => ({ store_id: r.store_id, minute: r.minute, gross: r.gross, receipts: r.receipts }));
  const unique = () => new Set(batch.messages.map((m) => m.value!.toString()).map((j) => JSON.parse(j) as { source: string; seq: number }).map((e) => `${e.source}#${e.seq}`)).size;

  beforeAll(async () => {
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'sink-failures'), database: 'default' });
    await migrate(ch, log);
    redis = new Redis(inject('redisUrl'));
    const sim = await runInMemory(smallRun({ faults: { duplicates: 0.01, malformed: 0, offline: [] } }));
    const parts = partitionByKey(sim.deliveries, 12);
    const p = parts.findIndex((v) => v.length >= 2000);
    batch = batchOf(parts[p]!, p, 0, 2000);
  });
  beforeEach(async () => {
    await truncateSinkTables(ch);
    scope = `sink-test-fail-${process.pid}-${Date.now()}-${++n}`;
  });
  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  it('Redis down: DependencyUnavailable(redis), nothing written', async () => {
    const down = createRedis(`redis://127.0.0.1:${await freePort()}`, 'sink-test-down');
    down.on('error', () => undefined);
    try {
      const w = createSinkWorker({ clickhouse: ch, redis: down, log, scope });
      const err = await w.handle(batch).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DependencyUnavailable);
      expect(err).toMatchObject({ dependency: 'redis' });
      expect(await eventCounts(ch)).toEqual({ rows: 0, unique: 0 });
    } finally {
      down.disconnect();
    }
  });

  it('Redis fails after the insert: DependencyUnavailable(redis); the retried batch stores nothing twice', async () => {
    const store = redisPartitionStore(redis, sinkKeys(scope));
    let fail = true;
    const w = createSinkWorker({
      clickhouse: ch,
      redis,
      log,
      store: {
        ...store,
        complete: async (...a) => {
          if (fail) {
            fail = false;
            throw new Error('connection lost');
          }
          return store.complete(...a);
        },
      },
    });
    await expect(w.handle(batch)).rejects.toMatchObject({ name: 'DependencyUnavailable', dependency: 'redis' });
    const retry = await w.handle(batch);
    expect(retry.outcomes.filter((o) => o.kind === 'ok').length).toBe(unique());
    expect(await eventCounts(ch)).toEqual({ rows: unique(), unique: unique() });
    expect(await rollup()).toEqual(await rollupFromJournal());
  });

  it('a view fails half way: DependencyUnavailable(clickhouse); the retry completes the rollup and stores no event twice', async () => {
    // Any row makes the store rollup's insert fail after `events` itself has landed.
    await ch.command({ query: 'ALTER TABLE sales_per_store_minute ADD CONSTRAINT sink_test_fail CHECK gross < 0' });
    const w = createSinkWorker({ clickhouse: ch, redis, log, scope });
    try {
      await expect(w.handle(batch)).rejects.toMatchObject({ name: 'DependencyUnavailable', dependency: 'clickhouse' });
      expect((await eventCounts(ch)).rows).toBe(unique());
      expect(await rollup()).toEqual([]);
    } finally {
      await ch.command({ query: 'ALTER TABLE sales_per_store_minute DROP CONSTRAINT IF EXISTS sink_test_fail' });
    }
    await w.handle(batch);
    expect(await eventCounts(ch)).toEqual({ rows: unique(), unique: unique() });
    const want = await rollupFromJournal();
    expect(want.length).toBeGreaterThan(10);
    expect(await rollup()).toEqual(want);
  });

  it('ClickHouse closed: DependencyUnavailable(clickhouse)', async () => {
    const w = createSinkWorker({ clickhouse: ch, redis, log, scope });
    await ch.close();
    const err = await w.handle(batch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyUnavailable);
    expect(err).toMatchObject({ dependency: 'clickhouse' });
  });
});
