/**
 * The pure part of a store's activity history (server/stores/activity-history.ts runs it):
 * the SQL over ClickHouse `events` (migrations 0001 + 0002), its parameters and the rows it
 * answers. Values only ever travel as server-side parameters (`{name:Type}`); the SQL is
 * constant. `events` is a ReplacingMergeTree keyed by (store_id, source, seq): every query
 * reads it with FINAL, so an event that reached the table twice counts once, and filters on
 * `store_id` first (the key's prefix) and on `occurred_at` (its minmax skip index).
 */

/** The events that open and end a cashier's sign-in or a till's shift (till-sessions.ts folds them). */
export const SESSION_TYPES = ['pos.cashier.login', 'pos.cashier.logout', 'pos.shift.opened', 'pos.shift.closed'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** More session events than this since the lookback start is not a real store: the oldest are left out (and it is logged). */
export const MAX_SESSION_ROWS = 20_000;

/** A store's sign-ins and shifts since `from`, newest first (till-sessions.ts puts them in the order they occurred). */
export const SESSIONS_SQL = `SELECT till_id AS tillId, cashier_id AS cashierId, type, toUnixTimestamp64Milli(occurred_at) AS ms,
            source, seq, JSONExtractString(payload, 'shiftId') AS shiftId, toUnixTimestamp64Milli(ingested_at) AS ingested
     FROM events FINAL
     WHERE store_id = {storeId:String} AND occurred_at >= {from:DateTime64(3,'UTC')} AND type IN {types:Array(String)}
     ORDER BY occurred_at DESC, source DESC, seq DESC
     LIMIT {limit:UInt32}`;

/** Each till's newest event since `from` (by occurredAt, then seq), and the sources that carried its events. */
export const LAST_EVENTS_SQL = `SELECT till_id AS tillId, argMax(type, (occurred_at, seq)) AS type,
            toUnixTimestamp64Milli(max(occurred_at)) AS ms, groupUniqArray(10)(source) AS sources,
            toUnixTimestamp64Milli(max(ingested_at)) AS ingested
     FROM events FINAL
     WHERE store_id = {storeId:String} AND occurred_at >= {from:DateTime64(3,'UTC')} AND till_id != ''
     GROUP BY till_id
     ORDER BY till_id`;

/**
 * Each cashier's till sales in [from, to), by the definitions of docs/kpis.md "Store sales",
 * each event attributed to its own `cashier_id` (`amount` and `units` are the typed columns of
 * migration 0002: closed/post-voided total and items, refund amount).
 */
export const FIGURES_SQL = `SELECT cashier_id AS cashierId,
            countIf(type = 'pos.receipt.closed') AS closed, countIf(type = 'pos.receipt.postvoided') AS postVoided,
            countIf(type = 'pos.refund.issued') AS refundCount,
            sumIf(units, type = 'pos.receipt.closed') AS closedItems, sumIf(units, type = 'pos.receipt.postvoided') AS postVoidedItems,
            sumIf(amount, type = 'pos.receipt.closed') AS gross, sumIf(amount, type = 'pos.refund.issued') AS refunds,
            sumIf(amount, type = 'pos.receipt.postvoided') AS postVoids,
            arraySort(groupUniqArray(10)(till_id)) AS tills, toUnixTimestamp64Milli(max(ingested_at)) AS ingested
     FROM events FINAL
     WHERE store_id = {storeId:String} AND occurred_at >= {from:DateTime64(3,'UTC')} AND occurred_at < {to:DateTime64(3,'UTC')}
       AND type IN ('pos.receipt.closed', 'pos.receipt.postvoided', 'pos.refund.issued')
     GROUP BY cashier_id
     ORDER BY cashier_id`;

/** `YYYY-MM-DD hh:mm:ss.sss` (UTC) of epoch ms: a DateTime64(3, 'UTC') parameter. */
export function dateTime64Param(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || ms >= Date.UTC(2100, 0, 1)) throw new RangeError(`not an instant history can hold: ${ms}`);
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

export const sessionParams = (storeId: string, from: number) => ({ storeId, from: dateTime64Param(from), types: [...SESSION_TYPES], limit: MAX_SESSION_ROWS });
export const lastEventParams = (storeId: string, from: number) => ({ storeId, from: dateTime64Param(from) });
export const figureParams = (storeId: string, from: number, to: number) => ({ storeId, from: dateTime64Param(from), to: dateTime64Param(to) });

type Num = number | string;

/** One sign-in or shift event of a till. */
export interface SessionRow {
  tillId: string;
  cashierId: string;
  type: SessionType;
  /** occurredAt, epoch ms. */
  ms: number;
  source: string;
  seq: number;
  /** `payload.shiftId` of shift events, '' otherwise. */
  shiftId: string;
}

/** A till's newest event in history. */
export interface LastEventRow {
  tillId: string;
  type: string;
  ms: number;
  sources: string[];
}

/** One cashier's counts over the day (docs/kpis.md "Store sales", per cashier). */
export interface FigureRow {
  cashierId: string;
  closed: number;
  postVoided: number;
  refundCount: number;
  closedItems: number;
  postVoidedItems: number;
  gross: number;
  refunds: number;
  postVoids: number;
  /** The tills the cashier's sales and refunds were made at (at most 10). */
  tills: string[];
}

const isSessionType = (t: string): t is SessionType => (SESSION_TYPES as readonly string[]).includes(t);
const newest = (rows: { ingested: Num }[]) => rows.reduce<number | null>((m, r) => (m === null ? Number(r.ingested) : Math.max(m, Number(r.ingested))), null);

export function sessionRowsOf(raw: (Record<keyof SessionRow, Num> & { ingested: Num })[]): { rows: SessionRow[]; ingested: number | null } {
  const rows = raw
    .filter((r) => isSessionType(String(r.type)))
    .map((r) => ({ tillId: String(r.tillId), cashierId: String(r.cashierId), type: r.type as SessionType, ms: Number(r.ms), source: String(r.source), seq: Number(r.seq), shiftId: String(r.shiftId) }));
  return { rows, ingested: newest(raw) };
}

export function lastEventRowsOf(raw: { tillId: string; type: string; ms: Num; sources: string[]; ingested: Num }[]): { rows: LastEventRow[]; ingested: number | null } {
  return { rows: raw.map((r) => ({ tillId: r.tillId, type: r.type, ms: Number(r.ms), sources: [...r.sources].sort() })), ingested: newest(raw) };
}

export function figureRowsOf(raw: (Record<Exclude<keyof FigureRow, 'tills'>, Num> & { tills: string[]; ingested: Num })[]): { rows: FigureRow[]; ingested: number | null } {
  const rows = raw.map((r) => ({
    cashierId: String(r.cashierId),
    closed: Number(r.closed),
    postVoided: Number(r.postVoided),
    refundCount: Number(r.refundCount),
    closedItems: Number(r.closedItems),
    postVoidedItems: Number(r.postVoidedItems),
    gross: Number(r.gross),
    refunds: Number(r.refunds),
    postVoids: Number(r.postVoids),
    tills: r.tills.filter((t) => t !== ''),
  }));
  return { rows, ingested: newest(raw) };
}
