import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickHouse, type ClickHouseClient } from '../../lib/clients/clickhouse';
import { migrate } from '../../lib/clickhouse/migrate';
import { createLogger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { refreshSalesVelocity, VELOCITY_DAYS } from './sales-velocity';

describe('sales velocity from history (real chDB and Redis)', () => {
  let ch: ClickHouseClient;
  let redis: Redis;
  const until = Date.parse('2026-11-21T00:00:00Z');

  beforeAll(async () => {
    ch = await createClickHouse({ kind: 'embedded', path: path.join(inject('testDataDir'), 'sales-velocity'), database: 'default' });
    await migrate(ch, createLogger({ level: 'warn', pretty: false }));
    redis = new Redis(`${inject('redisUrl')}/14`);
    await redis.del(redisKeys.invVelocity('S001'), redisKeys.invVelocity('S002'));
    const at = (daysBefore: number) => new Date(until - daysBefore * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
    await ch.insert({
      table: 'sku_sales_per_hour',
      format: 'JSONEachRow',
      values: [
        // In the window: 20 sold, 2 post-voided, 4 refunded → 14 over 7 days.
        { store_id: 'S001', sku: 'A', hour: at(1), sold_units: 12, sold_value: 0, postvoided_units: 2, postvoided_value: 0, refunded_units: 0 },
        { store_id: 'S001', sku: 'A', hour: at(6.5), sold_units: 8, sold_value: 0, postvoided_units: 0, postvoided_value: 0, refunded_units: 4 },
        // Outside it: ignored.
        { store_id: 'S001', sku: 'A', hour: at(8), sold_units: 100, sold_value: 0, postvoided_units: 0, postvoided_value: 0, refunded_units: 0 },
        { store_id: 'S002', sku: 'B', hour: at(0.5), sold_units: 7, sold_value: 0, postvoided_units: 0, postvoided_value: 0, refunded_units: 0 },
      ],
    });
  });
  afterAll(async () => {
    redis?.disconnect();
    await ch?.close();
  });

  it('averages net units sold per day over the window, per store and SKU', async () => {
    await redis.hset(redisKeys.invVelocity('S001'), 'GONE', '5');
    expect(await refreshSalesVelocity(ch, redis, until)).toBe(2);
    expect(await redis.hgetall(redisKeys.invVelocity('S001'))).toEqual({ A: String(14 / VELOCITY_DAYS) });
    expect(await redis.hgetall(redisKeys.invVelocity('S002'))).toEqual({ B: String(7 / VELOCITY_DAYS) });
  });
});
