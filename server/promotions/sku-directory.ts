import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import type { SkuInfo } from './promotion-service';

/**
 * The SKUs of master data (`skus`: sku → `sku.upserted`'s payload, kept by the live
 * aggregator), read again at most every `cacheMs`: what promotions are checked against
 * and how a category is expanded into its SKUs.
 */
export function createSkuDirectory(redis: Redis, cacheMs = 5000): () => Promise<Map<string, SkuInfo>> {
  let cached: { at: number; skus: Map<string, SkuInfo> } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.skus;
    const all = await redis.hgetall(redisKeys.skus());
    const skus = new Map<string, SkuInfo>();
    for (const [sku, raw] of Object.entries(all)) skus.set(sku, { sku, category: (JSON.parse(raw) as { category: string }).category });
    cached = { at: Date.now(), skus };
    return skus;
  };
}
