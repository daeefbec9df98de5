import { RESERVATION_FIELD, RESERVATION_STATE, type Reservation } from '../../lib/inventory/reservation-fields';
import { isStockKnown } from '../../lib/inventory/stock-known';
import { parseThreshold, type Threshold } from '../../lib/inventory/thresholds';
import { redisKeys } from '../../lib/redis-keys';
import type { Check } from '../harness/checked-apply';
import type { TimedEvent } from '../harness/checked-batch';
import { planAlerts, type OutboxMessage, type PairLevels } from './plan-alerts';
import { seenOnce } from '../harness/seen-bitmaps';
import { WriteSet } from '../harness/write-set';
import type { EventRow } from '../sink/event-row';
import { LINE_TYPES, lineEventOf, resolveLines, type LineEvent, type ResolvedLines } from '../sink/receipt-lines';

/** An event of the batch not applied before, with its instant (checked-batch.ts). */
export type StockEvent = TimedEvent;

/** What the inventory keeps of a web order: where it is fulfilled, its lines, and how far it got. */
export interface StoredOrder {
  locationId: string;
  lines: { sku: string; qty: number }[];
  state: 'placed' | 'shipped' | 'cancelled';
}

/** One SKU at one location as read before planning. */
export interface PairState {
  /** The on-hand field as stored ('' when absent): checked unchanged when a count sets it. */
  onHandRaw: string;
  /** Epoch ms of the last count applied (0: none). Movements that occurred before it are in it. */
  countedAt: number;
  /**
   * Movements already applied that occurred after the earliest count of this pair in the
   * batch (read only for counted pairs): a count sets on hand to itself plus these.
   */
  movesAfterCount: { ms: number; delta: number }[];
}

/** What the planner needs besides the events (read-inventory.ts reads it). */
export interface StockState {
  /** Line events of receipts closing in this batch that earlier batches stored. */
  openLines: Map<string, LineEvent[]>;
  /** Lines of receipts post-voided in this batch, as their close stored them. */
  closedLines: Map<string, ResolvedLines | null>;
  /** Web orders shipped or cancelled in this batch, as their placement stored them. */
  orders: Map<string, StoredOrder | null>;
  /** `pairKey(location, sku)` → its state, for every pair the batch moves or counts. */
  pairs: Map<string, PairState>;
  /** The API's reservation (server/inventory/reservations.ts) of each web order the batch places, ships or cancels. */
  reservations: Map<string, Reservation | null>;
  /** `pairKey` → what the alert rules read, for every pair the batch may change. */
  levels: Map<string, PairLevels>;
}

export interface StockPlan {
  checks: Check[];
  writes: WriteSet;
  /** The SKU × location pairs whose stock changed (for thresholds and live views). */
  touched: { locationId: string; sku: string }[];
  /** Alerts and replenishment orders, written to the outbox with the batch; to produce once applied. */
  outbox: OutboxMessage[];
}

export const pairKey = (locationId: string, sku: string) => `${locationId}\u0000${sku}`;
export const splitPairKey = (k: string) => {
  const [locationId, sku] = k.split('\u0000') as [string, string];
  return { locationId, sku };
};

const OPEN_RECEIPT_TTL_S = 2 * 86_400;
/** How long a pair's movements are kept for a count that arrives after them (invMoves). */
export const MOVES_KEPT_MS = 3 * 86_400_000;
const CLOSED_LINES_TTL_S = 35 * 86_400;
const ORDER_TTL_S = 35 * 86_400;

/** A movement of on hand (one event's, summed over its lines), or a count, of one pair, with its instant. */
type PairEvent = { ms: number; delta: number; id: string } | { ms: number; counted: number };

/**
 * The movements of a batch's events (docs/kpis.md, "Stock per SKU × location"), as one
 * set of Redis writes with the checks that make it valid: every seen bit still 0, and the
 * on hand of every counted pair unchanged since it was read. Then the alert rules
 * (plan-alerts.ts) for every pair it touches whose stock is known after it; a pair never
 * counted nor moved is not judged (docs/kpis.md, "Low stock and replenishment"), checked
 * still unknown, and the batch that first counts or moves it judges it with the
 * threshold checked as read.
 */
export function planStock(events: StockEvent[], st: StockState): StockPlan {
  const checks: Check[] = [];
  const ws = new WriteSet();
  const perPair = new Map<string, PairEvent[]>();
  const reservedBy = new Map<string, number>();
  const batchLines = new Map<string, LineEvent[]>();
  const closedNow = new Map<string, ResolvedLines>();
  const orders = new Map<string, StoredOrder | null>(st.orders);
  const changedOrders = new Set<string>();
  const converted = new Set<string>();
  const inbound = new Map<string, number>();
  const lastMs = new Map<string, number>();
  const thresholds = new Map<string, string>();
  const arrive = (loc: string, sku: string, qty: number) => inbound.set(pairKey(loc, sku), (inbound.get(pairKey(loc, sku)) ?? 0) + qty);

  const at = (loc: string, sku: string) => {
    const k = pairKey(loc, sku);
    let list = perPair.get(k);
    if (!list) perPair.set(k, (list = []));
    return list;
  };
  /** One event's movement of a pair; two lines of the same SKU make one movement. */
  const move = (loc: string, sku: string, delta: number, ms: number, r: EventRow) => {
    if (!loc || !sku || delta === 0) return;
    lastMs.set(pairKey(loc, sku), Math.max(lastMs.get(pairKey(loc, sku)) ?? 0, ms));
    const list = at(loc, sku);
    const id = `${r.source}:${r.seq}`;
    const last = list[list.length - 1];
    if (last && 'id' in last && last.id === id) last.delta += delta;
    else list.push({ ms, delta, id });
  };
  const moveLines = (loc: string, lines: { skus: string[]; qtys: number[] }, sign: number, ms: number, r: EventRow) =>
    lines.skus.forEach((sku, i) => move(loc, sku, sign * lines.qtys[i]!, ms, r));
  const reserve = (loc: string, sku: string, qty: number, ms: number) => {
    const k = pairKey(loc, sku);
    lastMs.set(k, Math.max(lastMs.get(k) ?? 0, ms));
    reservedBy.set(k, (reservedBy.get(k) ?? 0) + qty);
  };

  // Every seen bit still 0 before, and 1 after.
  const once = seenOnce(events.map((e) => e.row), redisKeys.invSeenChunk);
  checks.push(...once.checks);
  for (const w of once.writes) ws.push(w);

  for (const { row: r, ms } of events) {
    const rid = r.receipt_id;
    if (LINE_TYPES.has(r.type) && rid) {
      let l = batchLines.get(rid);
      if (!l) batchLines.set(rid, (l = []));
      l.push(lineEventOf(r));
      continue;
    }
    switch (r.type) {
      case 'pos.receipt.closed': {
        const lines = resolveLines([...(st.openLines.get(rid) ?? []), ...(batchLines.get(rid) ?? [])]);
        batchLines.delete(rid);
        closedNow.set(rid, lines);
        moveLines(r.store_id, lines, -1, ms, r);
        ws.push({ op: 'del', key: redisKeys.invOpenReceipt(rid) });
        ws.push({ op: 'set', key: redisKeys.invClosedLines(rid), value: JSON.stringify({ skus: lines.skus, qtys: lines.qtys }), ttlSeconds: CLOSED_LINES_TTL_S });
        break;
      }
      case 'pos.receipt.voided':
        batchLines.delete(rid);
        ws.push({ op: 'del', key: redisKeys.invOpenReceipt(rid) });
        break;
      case 'pos.receipt.postvoided': {
        const lines = closedNow.get(rid) ?? st.closedLines.get(rid);
        if (lines) moveLines(r.store_id, lines, +1, ms, r);
        break;
      }
      case 'pos.refund.issued':
        moveLines(r.store_id, { skus: r.line_skus, qtys: r.line_qtys }, +1, ms, r);
        break;
      case 'ecom.order.placed': {
        // The one type (with stock.transferred) whose payload the worker reads whole.
        const p = JSON.parse(r.payload) as { lines: { sku: string; qty: number }[] };
        const order: StoredOrder = { locationId: r.location_id, lines: p.lines.map((l) => ({ sku: l.sku, qty: l.qty })), state: 'placed' };
        // An active reservation of this order's line is already held: it becomes the order's.
        const held = convertReservation(r.order_id, order, st.reservations.get(r.order_id), ms, checks, ws);
        if (held) converted.add(r.order_id);
        for (const l of order.lines) reserve(order.locationId, l.sku, l.qty - (l === held?.line ? held.qty : 0), ms);
        orders.set(r.order_id, order);
        changedOrders.add(r.order_id);
        break;
      }
      case 'ecom.order.shipped':
      case 'ecom.order.cancelled': {
        const order = orders.get(r.order_id);
        if (!order || order.state !== 'placed') break;
        for (const l of order.lines) {
          reserve(order.locationId, l.sku, -l.qty, ms);
          if (r.type === 'ecom.order.shipped') move(order.locationId, l.sku, -l.qty, ms, r);
        }
        orders.set(r.order_id, { ...order, state: r.type === 'ecom.order.shipped' ? 'shipped' : 'cancelled' });
        changedOrders.add(r.order_id);
        // A reservation the order took over ends with it.
        const rsv = st.reservations.get(r.order_id);
        if (rsv?.state === RESERVATION_STATE.converted || converted.has(r.order_id)) {
          endReservation(r.order_id, r.type === 'ecom.order.shipped' ? RESERVATION_STATE.committed : RESERVATION_STATE.released, ms, ws);
        }
        break;
      }
      case 'stock.received':
        move(r.location_id, r.sku, r.units, ms, r);
        arrive(r.location_id, r.sku, r.units);
        break;
      case 'stock.transferred': {
        const p = JSON.parse(r.payload) as { toLocationId: string };
        move(r.location_id, r.sku, -r.units, ms, r);
        move(p.toLocationId, r.sku, r.units, ms, r);
        arrive(p.toLocationId, r.sku, r.units);
        break;
      }
      case 'stock.threshold.set': {
        const p = JSON.parse(r.payload) as { locationId: string; sku: string; reorderPoint: number; targetLevel?: number };
        const k = pairKey(p.locationId, p.sku);
        // The latest setting wins, from the API or from master data.
        const stored = parseThreshold(thresholds.get(k) ?? st.levels.get(k)?.thresholdRaw);
        if (stored && stored.setAt > ms) break;
        const t: Threshold = { reorderPoint: p.reorderPoint, targetLevel: p.targetLevel, source: 'masterdata', setAt: ms };
        thresholds.set(k, JSON.stringify(t));
        lastMs.set(k, Math.max(lastMs.get(k) ?? 0, ms));
        ws.push({ op: 'hset', key: redisKeys.invThresholds(p.locationId), field: p.sku, value: JSON.stringify(t) });
        break;
      }
      case 'stock.adjusted':
        move(r.location_id, r.sku, r.units, ms, r);
        break;
      case 'stock.counted':
        at(r.location_id, r.sku).push({ ms, counted: r.units });
        break;
    }
  }

  // Receipts still open after the batch keep their line events for their close.
  for (const [rid, lines] of batchLines) {
    const key = redisKeys.invOpenReceipt(rid);
    ws.push({ op: 'rpush', key, values: lines.map((l) => JSON.stringify(l)) });
    ws.push({ op: 'expire', key, seconds: OPEN_RECEIPT_TTL_S });
  }
  for (const id of changedOrders) ws.push({ op: 'set', key: redisKeys.invOrder(id), value: JSON.stringify(orders.get(id)), ttlSeconds: ORDER_TTL_S });

  const touched = new Set<string>([...perPair.keys(), ...reservedBy.keys(), ...thresholds.keys()]);
  const onHandAfter = new Map<string, number>();
  for (const [k, list] of perPair) onHandAfter.set(k, planPair(k, list, st.pairs.get(k) ?? { onHandRaw: '', countedAt: 0, movesAfterCount: [] }, checks, ws));
  for (const [k, qty] of reservedBy) {
    const { locationId, sku } = splitPairKey(k);
    if (qty !== 0) ws.hincrby(redisKeys.invReserved(locationId), sku, qty);
  }
  const outbox: OutboxMessage[] = [];
  for (const k of touched) {
    const levels = st.levels.get(k);
    if (!levels) continue;
    const { locationId, sku } = splitPairKey(k);
    if (!isStockKnown(st.pairs.get(k)?.onHandRaw)) {
      if (!perPair.has(k)) {
        // Stock not known yet (never counted, never moved): a threshold or a reservation alone
        // raises nothing (docs/kpis.md). Checked still unknown: if another batch applies the
        // pair's first count or movement meanwhile, this one is planned again and judges it.
        checks.push({ op: 'heq', key: redisKeys.invOnHand(locationId), field: sku, value: '' });
        continue;
      }
      // The batch applies the pair's first count or movement: judged now, with the threshold
      // as read, checked unchanged (one set meanwhile by another batch or the API makes this
      // batch plan again with it; together with the check above, no order of the two batches
      // leaves the pair unjudged).
      checks.push({ op: 'heq', key: redisKeys.invThresholds(locationId), field: sku, value: levels.thresholdRaw });
    }
    const onHand = onHandAfter.get(k) ?? Number(st.pairs.get(k)?.onHandRaw || 0);
    const after = { locationId, sku, onHand, reservedDelta: reservedBy.get(k) ?? 0, inbound: inbound.get(k) ?? 0, ms: lastMs.get(k) ?? 0 };
    planAlerts(after, { ...levels, thresholdRaw: thresholds.get(k) ?? levels.thresholdRaw }, checks, ws, outbox);
  }
  for (const m of outbox) ws.push({ op: 'rpush', key: redisKeys.invOutbox(), values: [JSON.stringify(m)] });
  const locations = new Set([...touched].map((k) => splitPairKey(k).locationId));
  for (const loc of locations) ws.push({ op: 'sadd', key: redisKeys.invLocations(), member: loc });
  return { checks, writes: ws, touched: [...touched].map(splitPairKey), outbox };
}

/**
 * On an order's placement, its active API reservation (one line: sku × location × qty) of
 * a line of the order becomes the order's hold: state `converted`, out of the expiry set,
 * kept as long as the order. Checked still active (the sweeper or a DELETE may end it
 * meanwhile; then the batch is planned again without it). Returns the line and the units
 * already held for it.
 */
function convertReservation(orderId: string, order: StoredOrder, rsv: Reservation | null | undefined, ms: number, checks: Check[], ws: WriteSet) {
  if (rsv?.state !== RESERVATION_STATE.active || rsv.locationId !== order.locationId) return undefined;
  const line = order.lines.find((l) => l.sku === rsv.sku);
  if (!line) return undefined;
  const key = redisKeys.invReservation(orderId);
  checks.push({ op: 'heq', key, field: RESERVATION_FIELD.state, value: RESERVATION_STATE.active });
  ws.push({ op: 'hset', key, field: RESERVATION_FIELD.state, value: RESERVATION_STATE.converted });
  ws.push({ op: 'hset', key, field: RESERVATION_FIELD.updatedAt, value: String(ms) });
  ws.push({ op: 'zrem', key: redisKeys.invReservationExpiry(), member: orderId });
  ws.push({ op: 'expire', key, seconds: ORDER_TTL_S });
  return { line, qty: rsv.qty };
}

function endReservation(orderId: string, state: string, ms: number, ws: WriteSet): void {
  const key = redisKeys.invReservation(orderId);
  ws.push({ op: 'hset', key, field: RESERVATION_FIELD.state, value: state });
  ws.push({ op: 'hset', key, field: RESERVATION_FIELD.updatedAt, value: String(ms) });
}

/**
 * One pair's on hand after the batch (returned: as far as this batch knows it). On hand is the latest count plus the movements that
 * occurred after it (docs/kpis.md), whatever order they arrive in:
 * - a movement that occurred at or before the last count (a till's sale flushed late,
 *   after the night's count) is in that count and changes nothing;
 * - a count sets on hand to itself plus the movements that occurred after it, those of
 *   the batch and those applied before it arrived (invMoves), and records the shrink it
 *   reveals (book at its instant − counted; not for a pair's first count ever). The
 *   field read is checked unchanged, since a count sets rather than adds.
 * Every movement applied after the last count is kept in invMoves for a later count.
 */
function planPair(k: string, list: PairEvent[], pair: PairState, checks: Check[], ws: WriteSet): number {
  const { locationId, sku } = splitPairKey(k);
  const movesKey = redisKeys.invMoves(locationId, sku);
  const ordered = list.filter((e) => e.ms > pair.countedAt).sort((a, b) => a.ms - b.ms);
  const counts = ordered.filter((e): e is { ms: number; counted: number } => 'counted' in e);
  const moves = ordered.filter((e): e is { ms: number; delta: number; id: string } => 'delta' in e);
  const lastCount = counts[counts.length - 1];
  const after = lastCount?.ms ?? pair.countedAt;
  for (const m of moves) if (m.ms > after) ws.push({ op: 'zadd', key: movesKey, score: m.ms, member: `${m.delta}:${m.id}` });
  const newest = Math.max(0, ...moves.map((m) => m.ms));
  if (newest > 0) {
    ws.push({ op: 'zremrangebyscore', key: movesKey, min: '-inf', max: newest - MOVES_KEPT_MS });
    ws.push({ op: 'expire', key: movesKey, seconds: MOVES_KEPT_MS / 1000 });
  }
  if (!lastCount) {
    const delta = moves.reduce((a, m) => a + m.delta, 0);
    if (delta !== 0) ws.hincrby(redisKeys.invOnHand(locationId), sku, delta);
    else if (moves.length > 0 && pair.onHandRaw === '') {
      // A first movement that nets to 0 still makes the stock known (lib/inventory/stock-known.ts): the field is written.
      checks.push({ op: 'heq', key: redisKeys.invOnHand(locationId), field: sku, value: '' });
      ws.push({ op: 'hset', key: redisKeys.invOnHand(locationId), field: sku, value: '0' });
    }
    return Number(pair.onHandRaw || 0) + delta;
  }
  // Everything that moved the pair after its stored count, on one timeline.
  const timeline = [...pair.movesAfterCount, ...moves].sort((a, b) => a.ms - b.ms);
  const sumBetween = (from: number, to: number) => timeline.reduce((a, m) => (m.ms > from && m.ms <= to ? a + m.delta : a), 0);
  const stored = Number(pair.onHandRaw || 0);
  // The book at the first new count: what is stored, less what was applied after that count, plus the batch's moves before it.
  let book = stored - pair.movesAfterCount.reduce((a, m) => (m.ms > counts[0]!.ms ? a + m.delta : a), 0) + moves.reduce((a, m) => (m.ms <= counts[0]!.ms ? a + m.delta : a), 0);
  let shrink = 0;
  counts.forEach((c, i) => {
    if (i > 0) book = counts[i - 1]!.counted + sumBetween(counts[i - 1]!.ms, c.ms);
    // A pair's first count ever establishes its stock: nothing to compare it with.
    if (pair.onHandRaw !== '' || i > 0) shrink += book - c.counted;
  });
  const onHand = lastCount.counted + sumBetween(lastCount.ms, Infinity);
  checks.push({ op: 'heq', key: redisKeys.invOnHand(locationId), field: sku, value: pair.onHandRaw });
  ws.push({ op: 'hset', key: redisKeys.invOnHand(locationId), field: sku, value: String(onHand) });
  ws.push({ op: 'hset', key: redisKeys.invCountedAt(locationId), field: sku, value: String(lastCount.ms) });
  ws.push({ op: 'zremrangebyscore', key: movesKey, min: '-inf', max: lastCount.ms });
  if (shrink !== 0) ws.hincrby(redisKeys.invShrink(locationId), sku, shrink);
  return onHand;
}
