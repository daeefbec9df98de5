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
  /** Net sales (both channels) expected in a full local hour, in the store's currency (euros, not cents); 0 = the rule is off. */
  revenueBelowPerHour: z.number().min(0),
  /** Net sales of the hour so far under this % of the same span of the same local hour a week before; 0 = off. */
  revenueBelowPctOfLastWeek: z.number().min(0).max(100),
  /** The revenue rules judge an hour only from this minute of it on (never an hour that just started). */
  revenueJudgedFromMinute: z.int().min(1).max(59),
  /** A till's sequence gap still open this long after it was first seen: `till_gap`. */
  tillGapMinutes: z.number().positive().max(24 * 60),
  /** Dead letters per minute (the average of the last 5 whole minutes) above this: `dlq_rate`. Chain only; 0 = off. */
  dlqPerMinute: z.number().min(0),
  /** A consumer group's lag (messages, over its partitions) above this: `consumer_lag`. Chain only; 0 = off. */
  consumerLagAbove: z.int().min(0),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;
export const thresholdOverrideSchema = thresholdsSchema.partial();
export type ThresholdOverride = z.infer<typeof thresholdOverrideSchema>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  offlineAfterMinutes: OFFLINE_AFTER_MS / 60_000,
  revenueBelowPerHour: 0,
  revenueBelowPctOfLastWeek: 0,
  revenueJudgedFromMinute: 20,
  tillGapMinutes: 15,
  dlqPerMinute: 10,
  consumerLagAbove: 10_000,
};

/** The pipeline's thresholds: the chain's only (a region or store setting of them is refused). */
export const CHAIN_ONLY_FIELDS = ['dlqPerMinute', 'consumerLagAbove'] as const satisfies readonly (keyof Thresholds)[];
/** Which fields each scope may set. */
export const THRESHOLD_FIELDS = Object.keys(thresholdsSchema.shape) as (keyof Thresholds)[];
export const STORE_FIELDS = THRESHOLD_FIELDS.filter((f) => !(CHAIN_ONLY_FIELDS as readonly string[]).includes(f));

export type ThresholdScope = 'chain' | `region:${string}` | `store:${string}`;

/** The chain's thresholds (the pipeline rules'): the defaults, then the chain's settings. */
export function chainThresholds(all: Map<string, ThresholdOverride>): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...all.get('chain') };
}

/** A store's thresholds: the defaults, then the chain's, its region's and its own settings. */
export function thresholdsFor(all: Map<string, ThresholdOverride>, store: { storeId: string; region: string }): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...all.get('chain'), ...all.get(`region:${store.region}`), ...all.get(`store:${store.storeId}`) };
}

/** A scope's name: `chain`, `region:<name>` or `store:<id>`. */
export const SCOPE_PATTERN = /^(chain|region:.{1,64}|store:[A-Za-z0-9._:@/-]{1,32})$/;

/**
 * Thresholds as code (`ALERT_THRESHOLDS`, lib/config/schema.ts): a JSON object of scope →
 * setting, each checked like a setting made over the API. The alerts role writes each one whose
 * scope has no setting yet, so a change made on the page later is kept over restarts.
 */
export const thresholdSeedSchema = z.record(z.string().regex(SCOPE_PATTERN, 'a scope is chain, region:<name> or store:<id>'), thresholdOverrideSchema.strict());
export type ThresholdSeed = z.infer<typeof thresholdSeedSchema>;

/** Sets (a number) or removes (null) fields of one scope's setting in one step, and records who and when. */
const PATCH = `
local cur = {}
local j = redis.call('HGET', KEYS[1], ARGV[1])
if j then cur = cjson.decode(j) end
local changes = cjson.decode(ARGV[2])
for k, v in pairs(changes) do
  if v == cjson.null then cur[k] = nil else cur[k] = v end
end
if next(cur) == nil then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(cur)) end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
`;

/** Who last changed a scope's thresholds, and when (ISO). */
export interface ThresholdChange {
  by: string;
  at: string;
}

export function createThresholdStore(redis: Redis) {
  if (!('alertThresholdsPatch' in redis)) redis.defineCommand('alertThresholdsPatch', { numberOfKeys: 2, lua: PATCH });
  const r = redis as Redis & { alertThresholdsPatch: (...args: string[]) => Promise<number> };
  return {
    /** Changes one scope's setting: a number sets the field, null removes it (the wider scope's value applies). */
    async patch(scope: ThresholdScope, set: Record<string, number | null>, change: ThresholdChange): Promise<void> {
      await r.alertThresholdsPatch(redisKeys.alertThresholds(), redisKeys.alertThresholdsMeta(), scope, JSON.stringify(set), JSON.stringify(change));
    },
    /** Writes each seeded scope that has no setting yet (thresholds as code); returns the scopes written. */
    async seed(seed: ThresholdSeed, change: ThresholdChange): Promise<string[]> {
      const written: string[] = [];
      for (const [scope, value] of Object.entries(seed)) {
        if ((await redis.hsetnx(redisKeys.alertThresholds(), scope, JSON.stringify(value))) === 1) {
          await redis.hset(redisKeys.alertThresholdsMeta(), scope, JSON.stringify(change));
          written.push(scope);
        }
      }
      return written;
    },
    /** Who last changed each scope. */
    async readChanges(): Promise<Map<string, ThresholdChange>> {
      const h = await redis.hgetall(redisKeys.alertThresholdsMeta());
      return new Map(Object.entries(h).map(([scope, j]) => [scope, JSON.parse(j) as ThresholdChange]));
    },
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
