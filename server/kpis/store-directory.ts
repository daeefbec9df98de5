import type { Redis } from 'ioredis';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import { redisKeys } from '../../lib/redis-keys';

export type { StoreInfo } from '../../lib/kpis/store-answers';

/**
 * The known stores, read from Redis (`ts:stores`, written by the validator from master
 * data) and cached for two seconds: every KPI request needs them, they change rarely.
 */
export function createStoreDirectory(redis: Redis, cacheMs = 2000): () => Promise<Map<string, StoreInfo>> {
  let cached: { at: number; stores: Map<string, StoreInfo> } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.stores;
    const all = await redis.hgetall(redisKeys.stores());
    const stores = new Map<string, StoreInfo>();
    for (const id of Object.keys(all).sort()) {
      const p = JSON.parse(all[id]!) as Omit<StoreInfo, 'storeId'>;
      stores.set(id, { storeId: id, name: p.name, region: p.region, timezone: p.timezone, currency: p.currency, tills: p.tills ?? [] });
    }
    cached = { at: Date.now(), stores };
    return stores;
  };
}
