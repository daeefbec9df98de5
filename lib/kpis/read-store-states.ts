import type { Redis } from 'ioredis';
import { redisKeys } from '../redis-keys';
import type { SourceState, StoreInfo, StoreState } from './store-answers';
import { storeStateOf } from './store-status';

const MAX_GAPS_LISTED = 20;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Each store's freshness (design: "HQ shows each store's freshness: last event, lag,
 * known gaps"), from what the live aggregator keeps per source: online, lagging N s
 * (events arrive late), offline N min (nothing for 5 minutes, or never).
 */
export async function readStoreStates(redis: Redis, stores: StoreInfo[], now: number): Promise<StoreState[]> {
  const wanted = new Set(stores.map((s) => s.storeId));
  const bySource = await redis.hgetall(redisKeys.aggSources());
  const sources = Object.entries(bySource)
    .filter(([, store]) => wanted.has(store))
    .map(([source]) => source)
    .sort();
  const p = redis.pipeline();
  for (const s of sources) p.hgetall(redisKeys.aggSource(s)).zrange(redisKeys.aggGaps(s), '0', String(MAX_GAPS_LISTED - 1));
  const res = (await p.exec()) ?? [];
  const states = new Map<string, SourceState[]>();
  sources.forEach((source, i) => {
    const [e1, h] = res[2 * i]!;
    const [e2, gaps] = res[2 * i + 1]!;
    if (e1 || e2) throw e1 ?? e2;
    const f = h as Record<string, string>;
    // Only a producer of the store's till events (workers/aggregator/plan-batch.ts); data kept before that rule
    // also maps central sources (web shop, warehouse, HQ) to the store of their first event.
    if (f.tillStore !== bySource[source]) return;
    const list = states.get(bySource[source]!) ?? [];
    list.push({
      source,
      maxSeq: Number(f.max ?? 0),
      lastEventAt: iso(f.lastOccurredAt ? Number(f.lastOccurredAt) : null),
      lastArrivalAt: iso(f.arrivedAt ? Number(f.arrivedAt) : null),
      lagMs: f.lagMs ? Number(f.lagMs) : null,
      missing: Number(f.missing ?? 0),
      ...(f.shift === 'open' || f.shift === 'closed' ? { shift: f.shift } : {}),
      gaps: (gaps as string[]).map((g) => ({ first: Number(g.split('-')[0]), last: Number(g.split('-')[1]) })),
    });
    states.set(bySource[source]!, list);
  });
  return stores.map((s) => storeStateOf(s, states.get(s.storeId) ?? [], now));
}
