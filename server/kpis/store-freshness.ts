import type { Redis } from 'ioredis';
import { redisKeys } from '../../lib/redis-keys';
import type { StoreInfo } from './store-directory';

/** No event applied for this long: offline. */
export const OFFLINE_AFTER_MS = 5 * 60_000;
/** The newest event arrived this late after it occurred: lagging. */
export const LAGGING_AFTER_MS = 30_000;
const MAX_GAPS_LISTED = 20;

export interface SourceState {
  source: string;
  maxSeq: number;
  lastEventAt: string | null;
  lastArrivalAt: string | null;
  lagMs: number | null;
  missing: number;
  /** The first open gaps, by seq. */
  gaps: { first: number; last: number }[];
}

export interface StoreState extends StoreInfo {
  status: 'online' | 'lagging' | 'offline';
  lastEventAt: string | null;
  lastArrivalAt: string | null;
  /** How late the newest event arrived (arrival − occurredAt), ms. */
  lagMs: number | null;
  /** Since the last event arrived, ms. */
  silentForMs: number | null;
  /** Seqs missing over all the store's sources. */
  missing: number;
  sources: SourceState[];
}

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
    const list = states.get(bySource[source]!) ?? [];
    list.push({
      source,
      maxSeq: Number(f.max ?? 0),
      lastEventAt: iso(f.lastOccurredAt ? Number(f.lastOccurredAt) : null),
      lastArrivalAt: iso(f.arrivedAt ? Number(f.arrivedAt) : null),
      lagMs: f.lagMs ? Number(f.lagMs) : null,
      missing: Number(f.missing ?? 0),
      gaps: (gaps as string[]).map((g) => ({ first: Number(g.split('-')[0]), last: Number(g.split('-')[1]) })),
    });
    states.set(bySource[source]!, list);
  });
  return stores.map((s) => {
    const list = states.get(s.storeId) ?? [];
    const arrivals = list.map((x) => (x.lastArrivalAt ? Date.parse(x.lastArrivalAt) : 0));
    const events = list.map((x) => (x.lastEventAt ? Date.parse(x.lastEventAt) : 0));
    const lastArrival = arrivals.length && Math.max(...arrivals) > 0 ? Math.max(...arrivals) : null;
    const lastEvent = events.length && Math.max(...events) > 0 ? Math.max(...events) : null;
    // The store's lag is that of its freshest source: a quiet till is not a late one.
    const newest = list.find((x) => x.lastEventAt !== null && Date.parse(x.lastEventAt) === lastEvent);
    const lagMs = newest?.lagMs ?? null;
    const silentForMs = lastArrival === null ? null : Math.max(0, now - lastArrival);
    const status = silentForMs === null || silentForMs > OFFLINE_AFTER_MS ? 'offline' : lagMs !== null && lagMs > LAGGING_AFTER_MS ? 'lagging' : 'online';
    return {
      ...s,
      status,
      lastEventAt: iso(lastEvent),
      lastArrivalAt: iso(lastArrival),
      lagMs,
      silentForMs,
      missing: list.reduce((n, x) => n + x.missing, 0),
      sources: list,
    };
  });
}
