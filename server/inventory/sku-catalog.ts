import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';

/**
 * The SKUs of the master data (`redisKeys.skus()`: sku → JSON of `sku.upserted`'s payload,
 * kept by the live aggregator) for the SKU search: read whole with one HGETALL and kept for
 * a few seconds, so that a search box asking on every keystroke costs Redis one read per
 * TTL however many users type. A few thousand SKUs are a few hundred kB; the search itself
 * is a scan of lower-cased strings.
 */
export interface CatalogSku {
  sku: string;
  name: string | null;
  category: string | null;
}

/** A catalog entry with what the search compares, lower-cased once. */
export interface CatalogEntry extends CatalogSku {
  skuLower: string;
  nameLower: string;
}

export interface SkuMatch extends CatalogSku {
  /** sku: the id starts with the text; name: the name contains it (and the id does not start with it). */
  match: 'sku' | 'name';
}

export const CATALOG_TTL_MS = 5000;

export function catalogEntryOf(sku: string, json: string | null): CatalogEntry {
  let name: string | null = null;
  let category: string | null = null;
  try {
    const p = JSON.parse(json ?? 'null') as { name?: unknown; category?: unknown } | null;
    if (p && typeof p.name === 'string') name = p.name;
    if (p && typeof p.category === 'string') category = p.category;
  } catch {
    // An unreadable entry is still a SKU: found by its id.
  }
  return { sku, name, category, skuLower: sku.toLowerCase(), nameLower: (name ?? '').toLowerCase() };
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * SKUs whose id starts with `q` or whose name contains it, case-insensitive: the id
 * matches first (by id), then the name matches (by name, then id); at most `limit`, and
 * whether more matched.
 */
export function searchCatalog(catalog: readonly CatalogEntry[], q: string, limit: number): { items: SkuMatch[]; more: boolean } {
  const needle = q.toLowerCase();
  const byId: CatalogEntry[] = [];
  const byName: CatalogEntry[] = [];
  for (const e of catalog) {
    if (e.skuLower.startsWith(needle)) byId.push(e);
    else if (e.nameLower.includes(needle)) byName.push(e);
  }
  byId.sort((a, b) => byCodeUnits(a.sku, b.sku));
  byName.sort((a, b) => byCodeUnits(a.nameLower, b.nameLower) || byCodeUnits(a.sku, b.sku));
  const out = (e: CatalogEntry, match: SkuMatch['match']): SkuMatch => ({ sku: e.sku, name: e.name, category: e.category, match });
  const items = [...byId.map((e) => out(e, 'sku')), ...byName.map((e) => out(e, 'name'))];
  return { items: items.slice(0, limit), more: items.length > limit };
}

/**
 * The catalog, read at most once per `ttlMs`; requests that arrive while it is being read
 * share that read. A failed read is not kept: the next request tries again.
 */
export function createSkuCatalog(redis: Redis, ttlMs = CATALOG_TTL_MS, now: () => number = Date.now): () => Promise<CatalogEntry[]> {
  let cached: { at: number; entries: CatalogEntry[] } | undefined;
  let pending: Promise<CatalogEntry[]> | undefined;
  return () => {
    if (cached && now() - cached.at < ttlMs) return Promise.resolve(cached.entries);
    pending ??= redis
      .hgetall(redisKeys.skus())
      .then((all) => {
        const entries = Object.entries(all).map(([sku, json]) => catalogEntryOf(sku, json));
        cached = { at: now(), entries };
        return entries;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
