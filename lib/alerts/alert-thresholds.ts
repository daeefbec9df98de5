import type { Redis } from 'ioredis';
import { z } from 'zod';
import { OFFLINE_AFTER_MS } from '../kpis/store-status';
import { redisKeys } from '../redis-keys';

/**
 * The condition rules' thresholds, data in Redis (`alertThresholds`): the chain's defaults,
 * overridden per region and then per store, field by field (docs/kpis.md "Alerts").
 */
export const thresholdsSchema = z.object({
  /** A store silent (nothing arrived) or lagging (its newest event arrived late) beyond this: `store_offline`. */
  offlineAfterMinutes: z.number().positive().max(24 * 60),
  /** Net sales (both channels) expected in a full local hour; 0 = the revenue rule is off. */
  revenueBelowPerHour: z.number().min(0),
  /** The revenue rule judges an hour only from this minute of it on (never an hour that just started). */
  revenueJudgedFromMinute: z.int().min(1).max(59),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;
export const thresholdOverrideSchema = thresholdsSchema.partial();
export type ThresholdOverride = z.infer<typeof thresholdOverrideSchema>;

export const DEFAULT_THRESHOLDS: Thresholds = { offlineAfterMinutes: OFFLINE_AFTER_MS / 60_000, revenueBelowPerHour: 0, revenueJudgedFromMinute: 20 };

export type ThresholdScope = 'chain' | `region:${string}` | `store:${string}`;

/** A store's thresholds: the defaults, then the chain's, its region's and its own settings. */
export function thresholdsFor(all: Map<string, ThresholdOverride>, store: { storeId: string; region: string }): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...all.get('chain'), ...all.get(`region:${store.region}`), ...all.get(`store:${store.storeId}`) };
}

export function createThresholdStore(redis: Redis) {
  return {
    /** Every setting; an invalid one (edited by hand) is skipped. */
    async readAll(): Promise<Map<string, ThresholdOverride>> {
      const h = await redis.hgetall(redisKeys.alertThresholds());
      const out = new Map<string, ThresholdOverride>();
      for (const [scope, j] of Object.entries(h)) {
        try {
          const r = thresholdOverrideSchema.safeParse(JSON.parse(j));
          if (r.success) out.set(scope, r.data);
        } catch {
          /* not JSON: skipped */
        }
      }
      return out;
    },
    async set(scope: ThresholdScope, value: ThresholdOverride): Promise<void> {
      await redis.hset(redisKeys.alertThresholds(), scope, JSON.stringify(thresholdOverrideSchema.parse(value)));
    },
    async remove(scope: ThresholdScope): Promise<void> {
      await redis.hdel(redisKeys.alertThresholds(), scope);
    },
  };
}
