import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';

/** A store as the master data describes it (hq.masterdata `store.upserted`, kept by the validator). */
export interface StoreInfo {
  storeId: string;
  name: string;
  region: string;
  timezone: string;
  currency: string;
  tills: string[];
}

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
