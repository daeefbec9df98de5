/**
 * One row of the `events` table (migrations 0001 + 0002), built from the original bytes
 * of an events.validated message. The validator has checked the contract; the sink
 * checks again only what it reads (envelope fields, the payload fields that feed a
 * column), so that a bad value can never reach a rollup: anything else is a `dlq` with
 * the field that is wrong.
 */
export interface EventRow {
  id: string;
  type: string;
  schema_version: number;
  source: string;
  seq: number;
  /** `YYYY-MM-DD hh:mm:ss.sss`, UTC (DateTime64(3, 'UTC')). */
  occurred_at: string;
  store_id: string;
  till_id: string;
  cashier_id: string;
  receipt_id: string;
  /** The payload as JSON. */
  payload: string;
  kafka_partition: number;
  kafka_offset: number;
  /** The event's money in cents; which payload field it is depends on the type (migration 0002). */
  amount: number;
  /** The event's units; likewise. */
  units: number;
  line_id: number;
  sku: string;
  unit_price: number;
  order_id: string;
  /** Location of stock and web-shop events (for paid, cancelled and shipped orders: resolved from the placed order). */
  location_id: string;
  /** Lines of a closed receipt (resolved), of the receipt a post-void reverses (resolved), or of a refund (its payload). */
  line_skus: string[];
  line_qtys: number[];
  /** qty × final unit price per line; 0 on refund lines (they carry no price). */
  line_values: number[];
}

export type RowResult = { ok: true; row: EventRow } | { ok: false; reason: string };
/** A RowResult that also carries the event's instant (epoch ms), so no reader parses `occurred_at` again. */
export type TimedRowResult = { ok: true; row: EventRow; ms: number } | { ok: false; reason: string };

/** DateTime('UTC') of the rollups ends in 2106; keep well inside. */
const MIN_MS = 0;
const MAX_MS = Date.UTC(2100, 0, 1);
const MAX_LINES = 10_000;

class Bad extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Obj, field: string, where = ''): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0) throw new Bad(`${where}${field}: expected a non-empty string`);
  return v;
}
function optStr(o: Obj, field: string): string {
  const v = o[field];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new Bad(`${field}: expected a string`);
  return v;
}
function int(o: Obj, field: string, where = ''): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Bad(`${where}${field}: expected an integer`);
  return v;
}

/** `2026-11-21T10:15:03.123Z` → `2026-11-21 10:15:03.123` (and the instant in ms). */
export function toDateTime64(iso: string): { text: string; ms: number } {
  if (!iso.endsWith('Z')) throw new Bad('occurredAt: expected ISO 8601 UTC with a Z');
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Bad('occurredAt: not a timestamp');
  if (ms < MIN_MS || ms >= MAX_MS) throw new Bad('occurredAt: outside 1970–2099, which history cannot store');
  return { text: dateTime64Text(ms), ms };
}

const DAY_MS = 86_400_000;
const DIGITS2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `YYYY-MM-DD ` of the last day formatted: a partition's events are mostly of one day. */
let lastDay = Number.NaN;
let lastDayText = '';

/**
 * What `new Date(ms).toISOString().slice(0, 23).replace('T', ' ')` gives, for an instant in
 * [MIN_MS, MAX_MS): the date through toISOString once per day, the time by arithmetic
 * (formatting through toISOString was a seventh of toEventRow's cost, which every event
 * of the sink and the aggregator pays). The input text cannot be reused: Date.parse also
 * takes `2026-02-30` or `24:00`.
 */
function dateTime64Text(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayText = `${new Date(day * DAY_MS).toISOString().slice(0, 10)} `;
    lastDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const minutes = Math.floor(seconds / 60);
  // The time first: short pieces join into one flat string, then one join with the date.
  const time = `${DIGITS2[Math.floor(minutes / 60)]}:${DIGITS2[minutes % 60]}:${DIGITS2[seconds % 60]}.${DIGITS3[inDay % 1000]}`;
  return lastDayText + time;
}

/** The typed columns of the types the rollups and drill-downs read (migration 0002 lists them). */
function payloadColumns(type: string, p: Obj, row: EventRow): void {
  switch (type) {
    case 'pos.item.added':
      row.line_id = int(p, 'lineId', 'payload.');
      row.sku = str(p, 'sku', 'payload.');
      row.units = int(p, 'qty', 'payload.');
      row.unit_price = int(p, 'unitPrice', 'payload.');
      break;
    case 'pos.item.voided':
      row.line_id = int(p, 'lineId', 'payload.');
      break;
    case 'pos.price.overridden':
      row.line_id = int(p, 'lineId', 'payload.');
      row.unit_price = int(p, 'newPrice', 'payload.');
      break;
    case 'pos.item.quantity.changed':
      row.line_id = int(p, 'lineId', 'payload.');
      row.units = int(p, 'newQty', 'payload.');
      break;
    case 'pos.receipt.closed':
    case 'pos.receipt.postvoided':
      row.amount = int(p, 'total', 'payload.');
      row.units = int(p, 'items', 'payload.');
      break;
    case 'pos.refund.issued': {
      row.amount = int(p, 'amount', 'payload.');
      const lines = p.lines;
      if (!Array.isArray(lines) || lines.length > MAX_LINES) throw new Bad('payload.lines: expected an array');
      lines.forEach((l: unknown, i) => {
        if (!isObj(l)) throw new Bad(`payload.lines.${i}: expected an object`);
        row.line_skus.push(str(l, 'sku', `payload.lines.${i}.`));
        row.line_qtys.push(int(l, 'qty', `payload.lines.${i}.`));
        row.line_values.push(0);
      });
      row.units = row.line_qtys.reduce((a, b) => a + b, 0);
      break;
    }
    case 'pos.discount.applied':
      row.amount = int(p, 'amount', 'payload.');
      if (p.lineId !== undefined) row.line_id = int(p, 'lineId', 'payload.');
      break;
    case 'pos.payment.captured':
      row.amount = int(p, 'amount', 'payload.');
      break;
    case 'ecom.order.placed':
      row.order_id = str(p, 'orderId', 'payload.');
      row.location_id = str(p, 'locationId', 'payload.');
      row.amount = int(p, 'total', 'payload.');
      break;
    case 'ecom.order.paid':
      row.order_id = str(p, 'orderId', 'payload.');
      row.amount = int(p, 'amount', 'payload.');
      break;
    case 'ecom.order.cancelled':
      row.order_id = str(p, 'orderId', 'payload.');
      row.amount = int(p, 'refundedAmount', 'payload.');
      break;
    case 'ecom.order.shipped':
      row.order_id = str(p, 'orderId', 'payload.');
      break;
    case 'stock.received':
      row.location_id = str(p, 'locationId', 'payload.');
      row.sku = str(p, 'sku', 'payload.');
      row.units = int(p, 'qty', 'payload.');
      break;
    case 'stock.transferred':
      row.location_id = str(p, 'fromLocationId', 'payload.');
      row.sku = str(p, 'sku', 'payload.');
      row.units = int(p, 'qty', 'payload.');
      break;
    case 'stock.adjusted':
      row.location_id = str(p, 'locationId', 'payload.');
      row.sku = str(p, 'sku', 'payload.');
      row.units = int(p, 'delta', 'payload.');
      break;
    case 'stock.counted':
      row.location_id = str(p, 'locationId', 'payload.');
      row.sku = str(p, 'sku', 'payload.');
      row.units = int(p, 'counted', 'payload.');
      break;
  }
}

export interface EventRowOptions {
  /**
   * The types whose `payload` (the payload as JSON) the caller reads; rows of other types
   * get '' there. Default: every type (the sink stores them all). Writing each payload
   * back to JSON, and keeping the text through a batch, was a sixth of the live
   * aggregator's CPU, which reads one rare type's.
   */
  payloadTypes?: ReadonlySet<string>;
}

/** Maps the original bytes of one events.validated message to its row (and instant), or says why it cannot. */
export function toEventRow(value: Buffer | string | null, partition: number, offset: string, options: EventRowOptions = {}): TimedRowResult {
  if (value === null || value.length === 0) return { ok: false, reason: 'empty message' };
  let raw: unknown;
  try {
    raw = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  try {
    if (!isObj(raw)) throw new Bad('expected a JSON object');
    const seq = int(raw, 'seq');
    if (seq < 1) throw new Bad('seq: expected ≥ 1');
    const schemaVersion = int(raw, 'schemaVersion');
    if (schemaVersion < 1 || schemaVersion > 65_535) throw new Bad('schemaVersion: out of range');
    const payload = raw.payload;
    if (!isObj(payload)) throw new Bad('payload: expected an object');
    const type = str(raw, 'type');
    const id = str(raw, 'id');
    const source = str(raw, 'source');
    const at = toDateTime64(str(raw, 'occurredAt'));
    // One literal in column order (the sink's insert bytes are this object's JSON), the
    // typed columns empty until payloadColumns fills those of the type.
    const row: EventRow = {
      id,
      type,
      schema_version: schemaVersion,
      source,
      seq,
      occurred_at: at.text,
      payload: !options.payloadTypes || options.payloadTypes.has(type) ? JSON.stringify(payload) : '',
      kafka_partition: partition,
      kafka_offset: Number(offset),
      store_id: optStr(raw, 'storeId'),
      till_id: optStr(raw, 'tillId'),
      cashier_id: optStr(raw, 'cashierId'),
      receipt_id: optStr(raw, 'receiptId'),
      amount: 0,
      units: 0,
      line_id: 0,
      sku: '',
      unit_price: 0,
      order_id: '',
      location_id: '',
      line_skus: [],
      line_qtys: [],
      line_values: [],
    };
    payloadColumns(type, payload, row);
    return { ok: true, row, ms: at.ms };
  } catch (err) {
    if (err instanceof Bad) return { ok: false, reason: `history sink cannot store this event: ${err.message}` };
    throw err;
  }
}
