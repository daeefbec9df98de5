/**
 * The shapes the KPI read API is built on (docs/kpis.md defines the numbers). Two sources
 * answer the same question, "the counts of each UTC minute of a scope in a range": the
 * live one from Redis (workers/aggregator) and the history one from ClickHouse's rollups
 * (workers/sink). Everything above them (totals, averages, today against last week) is
 * computed once, in `compute-kpis.ts`, so both give the same numbers by construction.
 */

export { COUNT_FIELDS, addCounts, emptyCounts, type MinuteCounts } from '../../lib/live/minute-counts';
import type { MinuteCounts } from '../../lib/live/minute-counts';

/**
 * Part of a scope whose locations share one timezone: what a source is asked for. A
 * chain in two timezones is two groups; a store is one.
 *   - level `location`: exactly `locations` (one store or warehouse id);
 *   - level `region`: the stores of `region` in `timezone` (listed in `locations`);
 *   - level `chain`: the stores in `timezone` (listed), plus, when `otherLocations`,
 *     every location that is not a known store (the warehouse, web orders whose location
 *     was never known, stored as ''), which count in the HQ timezone.
 */
export interface ScopeGroup {
  level: 'chain' | 'region' | 'location';
  region?: string;
  timezone: string;
  locations: string[];
  otherLocations: boolean;
  /** Every known store id (level chain with otherLocations: "not a known store" means not in this list). */
  knownStores: string[];
}

/** A source of minute counts. `from` inclusive, `to` exclusive, epoch ms, whole minutes. */
export interface MinuteSource {
  name: 'live' | 'history';
  /** Minute start (epoch ms) → counts, only minutes with any non-zero count. */
  perMinute: (group: ScopeGroup, from: number, to: number) => Promise<Map<number, MinuteCounts>>;
}
