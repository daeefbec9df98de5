import type { Redis } from 'ioredis';
import type { StoreInfo } from '../../lib/kpis/store-answers';
import { readStores } from '../../lib/stores/read-stores';

export type { StoreInfo } from '../../lib/kpis/store-answers';

/**
 * The known stores, read from Redis (`ts:stores`, written by the validator from master
 * data) and cached for two seconds: every KPI request needs them, they change rarely.
 */
export function createStoreDirectory(redis: Redis, cacheMs = 2000): () => Promise<Map<string, StoreInfo>> {
  let cached: { at: number; stores: Map<string, StoreInfo> } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.stores;
    const stores = await readStores(redis);
    cached = { at: Date.now(), stores };
    return stores;
  };
}
