import type { Redis } from 'ioredis';
import { parseThreshold, type Threshold } from '../../lib/inventory/thresholds';
import { redisKeys } from '../../lib/redis-keys';

/**
 * Reorder points set over the API, in the hash the inventory worker reads
 * (`invThresholds(locationId)`, field: the SKU; JSON per lib/inventory/thresholds.ts).
 * The latest setting wins, whoever made it (the API or `stock.threshold.set`); removing
 * one brings the pair back to the default from its sales velocity.
 */
export interface ThresholdStore {
  set: (locationId: string, sku: string, t: { reorderPoint: number; targetLevel?: number }, by: string, now: number) => Promise<Threshold>;
  /** Whether there was one to remove. */
  remove: (locationId: string, sku: string) => Promise<boolean>;
  get: (locationId: string, sku: string) => Promise<Threshold | null>;
}

export function createThresholdStore(redis: Redis): ThresholdStore {
  return {
    async set(locationId, sku, t, by, now) {
      const stored: Threshold = { reorderPoint: t.reorderPoint, ...(t.targetLevel === undefined ? {} : { targetLevel: t.targetLevel }), source: 'api', setAt: now, setBy: by };
      await redis.hset(redisKeys.invThresholds(locationId), sku, JSON.stringify(stored));
      return stored;
    },
    remove: async (locationId, sku) => (await redis.hdel(redisKeys.invThresholds(locationId), sku)) > 0,
    get: async (locationId, sku) => parseThreshold(await redis.hget(redisKeys.invThresholds(locationId), sku)),
  };
}
