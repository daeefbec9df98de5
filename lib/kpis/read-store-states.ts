import type { Redis } from 'ioredis';
import { redisKeys } from '../redis-keys';
import type { SourceState, StoreInfo, StoreState } from './store-answers';
import { storeStateOf } from './store-status';

const MAX_GAPS_LISTED = 20;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The sources the live aggregator keeps whose store `keep` accepts ('' for the central ones): by
 * store (the producers of its till events), and the central ones (web shop, warehouse, HQ).
 */
export async function readSourceStates(redis: Redis, keep: (store: string) => boolean = () => true): Promise<{ byStore: Map<string, SourceState[]>; central: SourceState[] }> {
  const bySource = await redis.hgetall(redisKeys.aggSources());
  const sources = Object.entries(bySource)
    .filter(([, store]) => keep(store))
    .map(([source]) => source)
    .sort();
  const p = redis.pipeline();
  for (const s of sources) p.hgetall(redisKeys.aggSource(s)).zrange(redisKeys.aggGaps(s), '0', String(MAX_GAPS_LISTED - 1));
  const res = (await p.exec()) ?? [];
  const byStore = new Map<string, SourceState[]>();
  const central: SourceState[] = [];
  sources.forEach((source, i) => {
    const [e1, h] = res[2 * i]!;
    const [e2, gaps] = res[2 * i + 1]!;
    if (e1 || e2) throw e1 ?? e2;
    const f = h as Record<string, string>;
    const state: SourceState = {
      source,
      maxSeq: Number(f.max ?? 0),
      lastEventAt: iso(f.lastOccurredAt ? Number(f.lastOccurredAt) : null),
      lastArrivalAt: iso(f.arrivedAt ? Number(f.arrivedAt) : null),
      lagMs: f.lagMs ? Number(f.lagMs) : null,
      missing: Number(f.missing ?? 0),
      ...(f.shift === 'open' || f.shift === 'closed' ? { shift: f.shift } : {}),
      gaps: (gaps as string[]).map((g) => ({ first: Number(g.split('-')[0]), last: Number(g.split('-')[1]) })),
    };
    // A store's only when it produces the store's till events (workers/aggregator/plan-batch.ts); data kept before
    // that rule also maps central sources (web shop, warehouse, HQ) to the store of their first event.
    const store = f.tillStore && f.tillStore === bySource[source] ? f.tillStore : '';
    if (store === '') central.push(state);
    else byStore.set(store, [...(byStore.get(store) ?? []), state]);
  });
  return { byStore, central };
}

/**
 * Each store's freshness (design: "HQ shows each store's freshness: last event, lag,
 * known gaps"), from what the live aggregator keeps per source: online, lagging N s
 * (events arrive late), offline N min (nothing for 5 minutes, or never).
 */
export async function readStoreStates(redis: Redis, stores: StoreInfo[], now: number): Promise<StoreState[]> {
  const wanted = new Set(stores.map((s) => s.storeId));
  const { byStore } = await readSourceStates(redis, (store) => wanted.has(store));
  return stores.map((s) => storeStateOf(s, byStore.get(s.storeId) ?? [], now));
}
