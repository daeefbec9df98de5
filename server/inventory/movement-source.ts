import type { ClickHouseClient } from '../../lib/clients/clickhouse';

/**
 * The movements of one SKU at one location over a period, from ClickHouse
 * `stock_movements` (migration 0006, fed by a view over the history sink's `events`).
 * Every value travels as a server-side parameter (`{name:Type}`); the SQL is constant.
 */
export const MOVEMENT_KINDS = ['sale', 'post_void', 'refund', 'shipment', 'received', 'transfer_out', 'transfer_in', 'adjusted', 'counted'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface Movement {
  /** Epoch ms it occurred. */
  ms: number;
  kind: MovementKind;
  /** Units in (+) or out (−); for `counted`, the units counted (a count sets on hand). */
  delta: number;
  source: string;
  seq: number;
  /** Receipt id (sale, post_void, refund), order id (shipment), '' otherwise. */
  ref: string;
}

/** Where a page starts: after this movement (the order of the list: time, source, seq, kind). */
export interface MovementKey {
  ms: number;
  source: string;
  seq: number;
  kind: string;
}

export interface MovementQuery {
  locationId: string;
  sku: string;
  /** [from, to) in epoch ms. */
  from: number;
  to: number;
  after?: MovementKey;
  limit: number;
}

export interface KindTotal {
  kind: MovementKind;
  /** Σ delta (for `counted`, the sum of the counts: not a movement). */
  delta: number;
  events: number;
}

export interface MovementSource {
  /** Up to `limit` movements in order, and whether more follow. */
  page: (q: MovementQuery) => Promise<{ movements: Movement[]; more: boolean }>;
  /** Per kind over the whole period. */
  totals: (q: Omit<MovementQuery, 'after' | 'limit'>) => Promise<KindTotal[]>;
}

// FINAL: a row that ever reached the table twice counts once (ReplacingMergeTree); one SKU
// at one location is a narrow range of the table's key, so it costs little.
const RANGE = `FROM stock_movements FINAL
     WHERE location_id = {locationId:String} AND sku = {sku:String}
       AND occurred_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND occurred_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

export const PAGE_SQL = `SELECT toUnixTimestamp64Milli(occurred_at) AS ms, kind, delta, source, seq, ref
     ${RANGE}
       AND (NOT {hasAfter:Bool} OR (occurred_at, source, seq, kind) > (fromUnixTimestamp64Milli({afterMs:Int64}, 'UTC'), {afterSource:String}, {afterSeq:UInt64}, {afterKind:String}))
     ORDER BY occurred_at, source, seq, kind
     LIMIT {limit:UInt32}`;

export const TOTALS_SQL = `SELECT kind, sum(delta) AS delta, count() AS events
     ${RANGE}
     GROUP BY kind`;

/** The values of PAGE_SQL's placeholders (one more row than asked: it says whether more follow). */
export function pageParams(q: MovementQuery): Record<string, unknown> {
  const a = q.after ?? { ms: 0, source: '', seq: 0, kind: '' };
  return {
    locationId: q.locationId,
    sku: q.sku,
    from: q.from,
    to: q.to,
    hasAfter: q.after !== undefined,
    afterMs: a.ms,
    afterSource: a.source,
    afterSeq: a.seq,
    afterKind: a.kind,
    limit: q.limit + 1,
  };
}

type Row = { ms: number | string; kind: string; delta: number | string; source: string; seq: number | string; ref: string };
const isKind = (k: string): k is MovementKind => (MOVEMENT_KINDS as readonly string[]).includes(k);

export function createMovementSource(ch: ClickHouseClient): MovementSource {
  return {
    async page(q) {
      const rs = await ch.query({ query: PAGE_SQL, query_params: pageParams(q), format: 'JSONEachRow' });
      const rows = await rs.json<Row>();
      const movements = rows
        .slice(0, q.limit)
        .filter((r) => isKind(r.kind))
        .map((r) => ({ ms: Number(r.ms), kind: r.kind as MovementKind, delta: Number(r.delta), source: r.source, seq: Number(r.seq), ref: r.ref }));
      return { movements, more: rows.length > q.limit };
    },
    async totals(q) {
      const rs = await ch.query({ query: TOTALS_SQL, query_params: { locationId: q.locationId, sku: q.sku, from: q.from, to: q.to }, format: 'JSONEachRow' });
      const rows = (await rs.json<{ kind: string; delta: number | string; events: number | string }>()).filter((r) => isKind(r.kind));
      const byKind = new Map(rows.map((r) => [r.kind, { delta: Number(r.delta), events: Number(r.events) }]));
      return MOVEMENT_KINDS.filter((k) => byKind.has(k)).map((kind) => ({ kind, ...byKind.get(kind)! }));
    },
  };
}
