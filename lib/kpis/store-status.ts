import type { SourceState, StoreInfo, StoreState } from './store-answers';

/** No event applied for this long: offline. */
export const OFFLINE_AFTER_MS = 5 * 60_000;
/** The newest event arrived this late after it occurred: lagging. */
export const LAGGING_AFTER_MS = 30_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const newestOf = (values: (string | null)[]) => {
  const ms = values.map((v) => (v ? Date.parse(v) : 0));
  return ms.length && Math.max(...ms) > 0 ? Math.max(...ms) : null;
};

/**
 * A store's freshness from its sources' (docs/kpis.md "Freshness"): offline when nothing
 * arrived for 5 minutes (or ever), lagging when its newest event arrived over 30 s after it
 * occurred, otherwise online. Pure, so the API (server/kpis/store-freshness.ts) and the
 * browser (which folds live deltas' sources in, and lets time pass) answer the same.
 */
export function storeStateOf(s: StoreInfo, list: SourceState[], now: number): StoreState {
  const lastArrival = newestOf(list.map((x) => x.lastArrivalAt));
  const lastEvent = newestOf(list.map((x) => x.lastEventAt));
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
}

/** The part of a store's (or till's) state a badge shows. */
export interface Freshness {
  status: 'online' | 'lagging' | 'offline';
  lagMs: number | null;
  silentForMs: number | null;
  missing: number;
}

/** A freshness read at `readAt`, as it stands at `now`: silence grows, and past 5 minutes it is offline. */
export function ageFreshness(f: Freshness, readAt: number, now: number): Freshness {
  if (f.silentForMs === null) return { ...f, status: 'offline' };
  const silentForMs = f.silentForMs + Math.max(0, now - readAt);
  return { ...f, silentForMs, status: silentForMs > OFFLINE_AFTER_MS ? 'offline' : f.status };
}
