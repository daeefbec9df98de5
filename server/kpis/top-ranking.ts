/**
 * The pure part of "today's top SKUs and categories" (GET /api/v1/kpis/top): the live
 * aggregator keeps one sorted set per scope, timezone, local day and measure
 * (`aggTop`, workers/aggregator/place-keys.ts); a scope in several timezones is several
 * sets, whose scores are summed per member before ranking.
 */
export type TopDimension = 'sku' | 'category';
export type TopMeasure = 'units' | 'value';

/** The `dimension` part of an `aggTop` key: `sku-units`, `cat-units`, `sku-value`, `cat-value`. */
export const topSetName = (dimension: TopDimension, by: TopMeasure): string => `${dimension === 'sku' ? 'sku' : 'cat'}-${by}`;

/** A `ZRANGE … WITHSCORES` answer (member, score, member, score, …) as pairs. */
export function scorePairs(flat: readonly string[]): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, Number(flat[i + 1])]);
  return out;
}

/** Per member, the sum of its scores over every set (a member missing from a set adds 0). */
export function sumAcrossGroups(sets: Iterable<Iterable<readonly [string, number]>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const set of sets) for (const [member, score] of set) out.set(member, (out.get(member) ?? 0) + score);
  return out;
}

/**
 * The `limit` members with the highest score, highest first, ties by member; members at
 * or below 0 (nothing sold net today: fully post-voided or refunded) are left out.
 */
export function rankTop(scores: ReadonlyMap<string, number>, limit: number): { key: string; score: number }[] {
  return [...scores]
    .filter(([, score]) => score > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map(([key, score]) => ({ key, score }));
}

/** A SKU's name and category from its master data JSON (`ts:skus`), nulls when unknown or unreadable. */
export function skuLabel(json: string | null | undefined): { name: string | null; category: string | null } {
  if (!json) return { name: null, category: null };
  try {
    const p = JSON.parse(json) as { name?: unknown; category?: unknown };
    return { name: typeof p.name === 'string' ? p.name : null, category: typeof p.category === 'string' ? p.category : null };
  } catch {
    return { name: null, category: null };
  }
}
