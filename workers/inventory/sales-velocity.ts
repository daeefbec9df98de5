import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';

/** Days of sales the velocity averages over. */
export const VELOCITY_DAYS = 7;

/**
 * Units sold per day of each SKU at each store, net of post-voids and refunds, averaged
 * over the last VELOCITY_DAYS days (ClickHouse `sku_sales_per_hour`), into Redis
 * `invVelocity(store)`: the default reorder points and days of cover read it. `until` is
 * the end of the window (epoch ms): now in production, the simulated day in tests.
 */
export async function refreshSalesVelocity(ch: ClickHouseClient, redis: Redis, until: number): Promise<number> {
  const rs = await ch.query({
    query: `SELECT store_id, sku, sum(sold_units) - sum(postvoided_units) - sum(refunded_units) AS units
            FROM sku_sales_per_hour
            WHERE hour >= fromUnixTimestamp64Milli({from:Int64}) AND hour < fromUnixTimestamp64Milli({until:Int64})
            GROUP BY store_id, sku`,
    query_params: { from: until - VELOCITY_DAYS * 86_400_000, until },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ store_id: string; sku: string; units: number }>();
  const byStore = new Map<string, Record<string, string>>();
  for (const r of rows) {
    let h = byStore.get(r.store_id);
    if (!h) byStore.set(r.store_id, (h = {}));
    h[r.sku] = String(Math.max(0, Number(r.units)) / VELOCITY_DAYS);
  }
  const m = redis.multi();
  // Replaced whole, so a SKU that stopped selling loses its velocity.
  for (const [store, h] of byStore) m.del(redisKeys.invVelocity(store)).hset(redisKeys.invVelocity(store), h);
  await m.exec();
  return rows.length;
}

/** Refreshes the velocity now and then every `everyMs` (unref'd); returns the stop. */
export function startSalesVelocity(ch: ClickHouseClient, redis: Redis, log: Logger, everyMs = 5 * 60_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = refreshSalesVelocity(ch, redis, Date.now()).catch((err: Error) => log.warn({ err: err.message }, 'sales velocity refresh failed; keeping the last'));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
