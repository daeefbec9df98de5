import type { Redis } from 'ioredis';
import type { StoreInfo } from '../kpis/store-answers';
import { redisKeys } from '../redis-keys';

/** The known stores by id, from Redis (`ts:stores`, written by the validator from master data). */
export async function readStores(redis: Redis): Promise<Map<string, StoreInfo>> {
  const all = await redis.hgetall(redisKeys.stores());
  const stores = new Map<string, StoreInfo>();
  for (const id of Object.keys(all).sort()) {
    const p = JSON.parse(all[id]!) as Omit<StoreInfo, 'storeId'>;
    stores.set(id, { storeId: id, name: p.name, region: p.region, timezone: p.timezone, currency: p.currency, tills: p.tills ?? [] });
  }
  return stores;
}
