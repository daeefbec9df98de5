import type { Redis } from 'ioredis';
import { replenishmentOrderSchema, stockAlertSchema, type ReplenishmentOrder, type StockAlert } from '../../lib/inventory/stock-alerts';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';

/**
 * The low-stock alerts and replenishment orders the inventory worker keeps in Redis
 * (`invAlerts`, `invReplenishments`: JSON per lib/inventory/stock-alerts.ts, open and
 * recently closed). A value that does not parse is skipped and logged (by id only): one
 * bad entry must not hide the others.
 */
export interface AlertReader {
  alerts: () => Promise<StockAlert[]>;
  replenishments: () => Promise<ReplenishmentOrder[]>;
}

function parsedValues<T>(hash: Record<string, string>, parse: (v: unknown) => { success: true; data: T } | { success: false }, what: string, log: Logger): T[] {
  const out: T[] = [];
  for (const [id, json] of Object.entries(hash)) {
    let r: { success: true; data: T } | { success: false };
    try {
      r = parse(JSON.parse(json));
    } catch {
      r = { success: false };
    }
    if (r.success) out.push(r.data);
    else log.warn({ id }, `inventory: a stored ${what} does not parse; skipped`);
  }
  return out;
}

export function createAlertReader(redis: Redis, log: Logger): AlertReader {
  return {
    alerts: async () => parsedValues(await redis.hgetall(redisKeys.invAlerts()), (v) => stockAlertSchema.safeParse(v), 'low_stock alert', log),
    replenishments: async () => parsedValues(await redis.hgetall(redisKeys.invReplenishments()), (v) => replenishmentOrderSchema.safeParse(v), 'replenishment order', log),
  };
}
