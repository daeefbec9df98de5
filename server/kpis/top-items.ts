import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import { rankTop, scorePairs, skuLabel, sumAcrossGroups, topSetName, type TopDimension, type TopMeasure } from './top-ranking';

/** One timezone group of a scope on its own local day: one `aggTop` set per measure. */
export interface TopPart {
  /** The live aggregator's scope (`loc:S001`, `region:…`, `chain`). */
  scope: string;
  timezone: string;
  /** The local day (YYYY-MM-DD) in `timezone`. */
  day: string;
}

export interface TopItem {
  /** The SKU id, or the category. */
  key: string;
  /** The SKU's name from the master data; null for a category or an unknown SKU. */
  name: string | null;
  /** The SKU's category from the master data (the key itself for a category); null for an unknown SKU. */
  category: string | null;
  /** Net units: sold − post-voided − refunded. */
  units: number;
  /** Sold value − post-voided value, integer cents, before receipt-level discounts. */
  value: number;
}

/**
 * Today's top SKUs or categories of a scope, from what the live aggregator keeps
 * (docs/kpis.md "Live counts"): every part's set of the ranking measure read whole and
 * summed per member, ranked, then the other measure of the top members (ZMSCORE on each
 * part, summed) and, for SKUs, their master data. Two round trips.
 */
export async function readTopItems(redis: Redis, parts: readonly TopPart[], q: { dimension: TopDimension; by: TopMeasure; limit: number }): Promise<TopItem[]> {
  if (parts.length === 0) return [];
  const other: TopMeasure = q.by === 'units' ? 'value' : 'units';
  const key = (p: TopPart, by: TopMeasure) => redisKeys.aggTop(p.scope, p.timezone, p.day, topSetName(q.dimension, by));
  const ranked = redis.pipeline();
  for (const p of parts) ranked.zrange(key(p, q.by), '0', '-1', 'WITHSCORES');
  const sets = ((await ranked.exec()) ?? []).map(([err, v]) => {
    if (err) throw err;
    return scorePairs(v as string[]);
  });
  const top = rankTop(sumAcrossGroups(sets), q.limit);
  if (top.length === 0) return [];
  const members = top.map((t) => t.key);
  const more = redis.pipeline();
  for (const p of parts) more.zmscore(key(p, other), ...members);
  if (q.dimension === 'sku') more.hmget(redisKeys.skus(), ...members);
  const res = (await more.exec()) ?? [];
  const otherScores = members.map(() => 0);
  res.slice(0, parts.length).forEach(([err, v]) => {
    if (err) throw err;
    (v as (string | null)[]).forEach((s, i) => {
      if (s !== null) otherScores[i]! += Number(s);
    });
  });
  let labels: (string | null)[] = members.map(() => null);
  if (q.dimension === 'sku') {
    const [err, v] = res[parts.length]!;
    if (err) throw err;
    labels = v as (string | null)[];
  }
  return top.map((t, i) => {
    const label = q.dimension === 'sku' ? skuLabel(labels[i]) : { name: null, category: t.key };
    const [units, value] = q.by === 'units' ? [t.score, otherScores[i]!] : [otherScores[i]!, t.score];
    return { key: t.key, ...label, units, value };
  });
}
