import { LIVE_RETENTION_DAYS } from '../../lib/live/live-counts';
import { CHAIN_SCOPE, locationScope, regionScope } from '../../lib/live/scopes';
import { redisKeys } from '../../lib/redis-keys';
import { DAY_MS, startOfLocalDay } from '../../lib/time/local-time';

export interface StoreInfo {
  region: string;
  timezone: string;
}

const TOP_DIMENSIONS = ['sku-units', 'cat-units', 'sku-value', 'cat-value'] as const;
export type TopDimension = (typeof TOP_DIMENSIONS)[number];

/** Per scope, the key of one day's hash and when it may expire (epoch s). */
export interface DayKeys {
  keys: string[];
  expiry: number;
}

/**
 * Where one location's events count (its scopes, in its timezone) and the keys they
 * write, built once per batch and day rather than per event: a batch's events of a
 * location are mostly of one day, and a key built anew for every increment was half of
 * the planner's cost (each new string is hashed again to find its increments).
 */
export interface Place {
  scopes: string[];
  timezone: string;
  /** aggMinutes of each scope, for a UTC day (epoch day number). */
  minutes: (utcDay: number) => DayKeys;
  /** aggDay of each scope, for a local day. */
  day: (localDay: string) => DayKeys;
  /** aggTop of each scope and dimension, for a local day. */
  top: (localDay: string) => Record<TopDimension, string>[];
}

export function placeOf(locationId: string, store: StoreInfo | undefined, hqTimezone: string): Place {
  const scopes = store ? [locationScope(locationId), regionScope(store.region), CHAIN_SCOPE] : [locationScope(locationId), CHAIN_SCOPE];
  const timezone = store ? store.timezone : hqTimezone;
  const retained = (LIVE_RETENTION_DAYS + 1) * DAY_MS;
  return {
    scopes,
    timezone,
    minutes: lastOf((utcDay: number) => {
      const day = new Date(utcDay * DAY_MS).toISOString().slice(0, 10);
      return { keys: scopes.map((s) => redisKeys.aggMinutes(s, timezone, day)), expiry: (utcDay * DAY_MS + retained) / 1000 };
    }),
    day: lastOf((day: string) => ({
      keys: scopes.map((s) => redisKeys.aggDay(s, timezone, day)),
      expiry: (startOfLocalDay(day, timezone) + retained) / 1000,
    })),
    top: lastOf((day: string) =>
      scopes.map((s) => Object.fromEntries(TOP_DIMENSIONS.map((d) => [d, redisKeys.aggTop(s, timezone, day, d)])) as Record<TopDimension, string>),
    ),
  };
}

/** `build`, remembering its value for the last argument only. */
function lastOf<K, T>(build: (k: K) => T): (k: K) => T {
  let last: { k: K; value: T } | undefined;
  return (k) => {
    if (!last || last.k !== k) last = { k, value: build(k) };
    return last.value;
  };
}
