import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import { createSkuCatalog, type CatalogEntry } from './sku-catalog';
import { NO_FIELDS, type PairFields } from './stock-level';

/**
 * Reads the stock of SKUs at locations from Redis, each answer in one MULTI so that it is
 * one instant's stock (a reservation or a worker batch lands wholly before or after it).
 * What the fields mean is stock-level.ts's.
 */
export interface SkuInfo {
  name: string | null;
  category: string | null;
}

export interface StockReader {
  /** Every location with stock (`invLocations`), sorted. */
  locations: () => Promise<string[]>;
  /** One SKU at each of these locations. */
  skuAt: (sku: string, locations: string[]) => Promise<Map<string, PairFields>>;
  /** Every SKU the location keeps anything of (a stock field or a threshold), by SKU. */
  atLocation: (locationId: string) => Promise<Map<string, PairFields>>;
  /** Master data of these SKUs (`sku.upserted`, kept by the live aggregator); absent when unknown. */
  skuInfo: (skus: string[]) => Promise<Map<string, SkuInfo>>;
  /** Every SKU of the master data, for the SKU search (sku-catalog.ts: cached for a few seconds). */
  catalog: () => Promise<CatalogEntry[]>;
}

/** The hashes of a location, in PairFields order. */
const hashesOf = (loc: string) =>
  [
    ['onHand', redisKeys.invOnHand(loc)],
    ['reserved', redisKeys.invReserved(loc)],
    ['safetyStock', redisKeys.invSafetyStock(loc)],
    ['incoming', redisKeys.invIncoming(loc)],
    ['threshold', redisKeys.invThresholds(loc)],
    ['velocity', redisKeys.invVelocity(loc)],
  ] as const;

/** The replies of an EXEC, or the first error thrown. */
function replies(res: [Error | null, unknown][] | null): unknown[] {
  if (!res) throw new Error('redis: the transaction was aborted');
  return res.map(([err, v]) => {
    if (err) throw err;
    return v;
  });
}

function skuInfoOf(json: string | null): SkuInfo | null {
  if (json === null) return null;
  try {
    const p = JSON.parse(json) as { name?: unknown; category?: unknown };
    return { name: typeof p.name === 'string' ? p.name : null, category: typeof p.category === 'string' ? p.category : null };
  } catch {
    return { name: null, category: null };
  }
}

export function createStockReader(redis: Redis): StockReader {
  const catalog = createSkuCatalog(redis);
  return {
    catalog,

    async locations() {
      return (await redis.smembers(redisKeys.invLocations())).sort();
    },

    async skuAt(sku, locations) {
      if (locations.length === 0) return new Map();
      const m = redis.multi();
      for (const loc of locations) for (const [, key] of hashesOf(loc)) m.hget(key, sku);
      const r = replies(await m.exec()) as (string | null)[];
      const out = new Map<string, PairFields>();
      locations.forEach((loc, i) => {
        const f: Record<string, string | null> = {};
        hashesOf(loc).forEach(([name], j) => (f[name] = r[i * 6 + j] ?? null));
        out.set(loc, f as unknown as PairFields);
      });
      return out;
    },

    async atLocation(loc) {
      const m = redis.multi();
      for (const [, key] of hashesOf(loc)) m.hgetall(key);
      const hashes = replies(await m.exec()) as Record<string, string>[];
      const out = new Map<string, PairFields>();
      hashesOf(loc).forEach(([name], j) => {
        for (const [sku, v] of Object.entries(hashes[j]!)) {
          // Velocity alone does not make a SKU the location's: it is known from sales that left stock behind.
          if (name === 'velocity' && !out.has(sku)) continue;
          out.set(sku, { ...(out.get(sku) ?? NO_FIELDS), [name]: v });
        }
      });
      return out;
    },

    async skuInfo(skus) {
      if (skus.length === 0) return new Map();
      const values = await redis.hmget(redisKeys.skus(), ...skus);
      const out = new Map<string, SkuInfo>();
      skus.forEach((sku, i) => {
        const info = skuInfoOf(values[i] ?? null);
        if (info) out.set(sku, info);
      });
      return out;
    },
  };
}
