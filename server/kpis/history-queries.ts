import { COUNT_FIELDS, emptyCounts, type MinuteCounts, type ScopeGroup } from './kpi-types';

/**
 * The pure part of the history source: which rollup answers which count, the SQL that reads
 * it, its parameters, and the merge of the answers. Values only ever travel as server-side
 * parameters (`{name:Type}`); the SQL is built from the constants below.
 */
type CountField = (typeof COUNT_FIELDS)[number];

export interface Rollup {
  table: string;
  /** The column that holds the store or location id. */
  location: string;
  /** Count → the table's column summed for it. */
  columns: Partial<Record<CountField, string>>;
}

/** The three rollups of docs/kpis.md ("History rollups"); together they give every count once. */
export const ROLLUPS: readonly Rollup[] = [
  {
    table: 'sales_per_store_minute',
    location: 'store_id',
    columns: { gross: 'gross', refunds: 'refunds', postVoids: 'post_voids', receipts: 'receipts', items: 'items' },
  },
  {
    table: 'store_activity_per_minute',
    location: 'store_id',
    columns: { refundCount: 'refund_count', postVoidCount: 'post_void_count', lineVoids: 'line_voids', receiptVoids: 'receipt_voids' },
  },
  { table: 'web_sales_per_location_minute', location: 'location_id', columns: { webPaid: 'paid', webRefunded: 'refunded' } },
];

/**
 * One round trip per rollup: its counts per UTC minute (`t`, epoch seconds) of the group's
 * locations in [from, to), summed over the rows of each key (SummingMergeTree merges them
 * only eventually) and over the locations.
 */
export function minuteQuery(r: Rollup): string {
  const sums = Object.entries(r.columns).map(([field, column]) => `sum(r.${column}) AS ${field}`);
  return `SELECT toUnixTimestamp(r.minute) AS t, ${sums.join(', ')}
     FROM ${r.table} AS r
     WHERE (r.${r.location} IN {locs:Array(String)} OR ({others:Bool} AND r.${r.location} NOT IN {known:Array(String)}))
       AND r.minute >= {from:DateTime('UTC')} AND r.minute < {to:DateTime('UTC')}
     GROUP BY r.minute`;
}

/** The values of the placeholders of minuteQuery (`{locs:Array(String)}`, …). */
export type MinuteParams = { locs: string[]; others: boolean; known: string[]; from: string; to: string };

const MAX_SECONDS = 2 ** 32 - 1; // DateTime ends in 2106

/**
 * `YYYY-MM-DD hh:mm:ss` (UTC) of epoch ms, rounded up to the second: minute starts are
 * whole seconds, so `minute >= it` and `minute < it` keep the same minutes as with `ms`.
 */
export function dateTimeParam(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  const s = Math.min(Math.max(Math.ceil(ms / 1000), 0), MAX_SECONDS);
  return new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function minuteParams(group: ScopeGroup, from: number, to: number): MinuteParams {
  return { locs: group.locations, others: group.otherLocations, known: group.knownStores, from: dateTimeParam(from), to: dateTimeParam(to) };
}

export type MinuteRow = { t: number | string } & Partial<Record<CountField, number | string>>;

/** The rows of every rollup, added up per minute (epoch ms), in time order, without all-zero minutes. */
export function mergeMinutes(rows: Iterable<MinuteRow>): Map<number, MinuteCounts> {
  const byMinute = new Map<number, MinuteCounts>();
  for (const row of rows) {
    const minute = Number(row.t) * 1000;
    let counts = byMinute.get(minute);
    if (!counts) byMinute.set(minute, (counts = emptyCounts()));
    for (const f of COUNT_FIELDS) if (row[f] !== undefined) counts[f] += Number(row[f]);
  }
  const kept = [...byMinute].filter(([, c]) => COUNT_FIELDS.some((f) => c[f] !== 0));
  return new Map(kept.sort(([a], [b]) => a - b));
}
