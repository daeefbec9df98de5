import type { Redis } from 'ioredis';
import { reservationFromHash } from '../../lib/inventory/reservation-fields';
import { subjectKey } from '../../lib/inventory/stock-alerts';
import { redisKeys } from '../../lib/redis-keys';
import { queueSeenBitReads, replies } from '../harness/seen-bitmaps';
import type { EventRow } from '../sink/event-row';
import type { LineEvent, ResolvedLines } from '../sink/receipt-lines';
import { pairKey, splitPairKey, type PairState, type StockEvent, type StockState, type StoredOrder } from './plan-stock';

/**
 * Everything a batch's plan depends on, in two pipelines: first whether each event was
 * applied before, the stored lines of receipts that close or are post-voided in it and
 * the web orders it ships or cancels; then, once those say which SKU × location pairs the
 * batch moves, each pair's last count time and on hand.
 */
export async function readInventory(redis: Redis, events: StockEvent[]): Promise<{ seen: boolean[]; state: StockState }> {
  const rows = events.map((e) => e.row);
  const closing = [...new Set(rows.filter((r) => r.type === 'pos.receipt.closed').map((r) => r.receipt_id))];
  const postVoided = [...new Set(rows.filter((r) => r.type === 'pos.receipt.postvoided').map((r) => r.receipt_id))];
  const orderIds = [...new Set(rows.filter((r) => r.type === 'ecom.order.shipped' || r.type === 'ecom.order.cancelled').map((r) => r.order_id))];
  const reserving = [...new Set(rows.filter((r) => r.type.startsWith('ecom.order.')).map((r) => r.order_id))];

  const p = redis.pipeline();
  const seenOf = queueSeenBitReads(p, rows, redisKeys.invSeenChunk);
  for (const id of closing) p.lrange(redisKeys.invOpenReceipt(id), 0, -1);
  for (const id of postVoided) p.get(redisKeys.invClosedLines(id));
  for (const id of orderIds) p.get(redisKeys.invOrder(id));
  for (const id of reserving) p.hgetall(redisKeys.invReservation(id));
  const next = await replies(p);

  const seen = seenOf(next);
  const state: StockState = { openLines: new Map(), closedLines: new Map(), orders: new Map(), pairs: new Map(), reservations: new Map(), levels: new Map() };
  for (const id of closing) state.openLines.set(id, next<string[]>().map((j) => JSON.parse(j) as LineEvent));
  for (const id of postVoided) {
    const v = next<string | null>();
    state.closedLines.set(id, v ? ({ ...(JSON.parse(v) as Pick<ResolvedLines, 'skus' | 'qtys'>), values: [] } as ResolvedLines) : null);
  }
  for (const id of orderIds) {
    const v = next<string | null>();
    state.orders.set(id, v ? (JSON.parse(v) as StoredOrder) : null);
  }
  for (const id of reserving) state.reservations.set(id, reservationFromHash(id, next<Record<string, string>>()));

  const pairs = pairsOf(rows, state);
  // The earliest count of each counted pair in the batch: movements applied after it come back.
  const firstCount = new Map<string, number>();
  for (const e of events) {
    if (e.row.type !== 'stock.counted') continue;
    const k = pairKey(e.row.location_id, e.row.sku);
    firstCount.set(k, Math.min(firstCount.get(k) ?? Infinity, e.ms));
  }
  const q = redis.pipeline();
  for (const [loc, skus] of pairs) {
    q.hmget(redisKeys.invOnHand(loc), ...skus).hmget(redisKeys.invCountedAt(loc), ...skus);
    // What the alert rules read (plan-alerts.ts).
    for (const key of [redisKeys.invReserved(loc), redisKeys.invIncoming(loc), redisKeys.invThresholds(loc), redisKeys.invLow(loc), redisKeys.invVelocity(loc), redisKeys.invSafetyStock(loc)]) q.hmget(key, ...skus);
    q.hmget(redisKeys.invOpenReplenishment(), ...skus.map((sku) => subjectKey(loc, sku)));
  }
  for (const [k, ms] of firstCount) {
    const { locationId, sku } = splitPairKey(k);
    q.zrangebyscore(redisKeys.invMoves(locationId, sku), `(${ms}`, '+inf', 'WITHSCORES');
  }
  const more = await replies(q);
  for (const [loc, skus] of pairs) {
    const onHand = more<(string | null)[]>();
    const countedAt = more<(string | null)[]>();
    const [reserved, incoming, threshold, low, velocity, safety, replenishment] = Array.from({ length: 7 }, () => more<(string | null)[]>());
    skus.forEach((sku, i) => {
      const k = pairKey(loc, sku);
      state.pairs.set(k, { onHandRaw: onHand[i] ?? '', countedAt: Number(countedAt[i] ?? 0), movesAfterCount: [] } satisfies PairState);
      state.levels.set(k, {
        reservedRaw: reserved![i] ?? '',
        incomingRaw: incoming![i] ?? '',
        thresholdRaw: threshold![i] ?? '',
        lowRaw: low![i] ?? '',
        velocityRaw: velocity![i] ?? '',
        safetyRaw: safety![i] ?? '',
        replenishmentRaw: replenishment![i] ?? '',
      });
    });
  }
  for (const k of firstCount.keys()) {
    const flat = more<string[]>();
    const moves: PairState['movesAfterCount'] = [];
    for (let i = 0; i < flat.length; i += 2) moves.push({ delta: Number(flat[i]!.slice(0, flat[i]!.indexOf(':'))), ms: Number(flat[i + 1]) });
    state.pairs.get(k)!.movesAfterCount = moves;
  }
  return { seen, state };
}

/** Location → SKUs whose on hand the batch may move or set (a superset: duplicates included). */
function pairsOf(rows: EventRow[], state: StockState): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (loc: string, sku: string) => {
    if (!loc || !sku) return;
    let s = out.get(loc);
    if (!s) out.set(loc, (s = new Set()));
    s.add(sku);
  };
  for (const r of rows) {
    switch (r.type) {
      case 'pos.item.added':
        add(r.store_id, r.sku);
        break;
      case 'pos.receipt.closed':
        // Its lines added in earlier batches (those of this batch are added above).
        for (const e of state.openLines.get(r.receipt_id) ?? []) add(r.store_id, e.sku);
        break;
      case 'pos.receipt.postvoided':
        for (const sku of state.closedLines.get(r.receipt_id)?.skus ?? []) add(r.store_id, sku);
        break;
      case 'pos.refund.issued':
        for (const sku of r.line_skus) add(r.store_id, sku);
        break;
      case 'ecom.order.placed':
        for (const l of (JSON.parse(r.payload) as { lines: { sku: string }[] }).lines) add(r.location_id, l.sku);
        break;
      case 'ecom.order.shipped': {
        const o = state.orders.get(r.order_id);
        for (const l of o?.lines ?? []) add(o!.locationId, l.sku);
        break;
      }
      case 'stock.transferred':
        add(r.location_id, r.sku);
        add((JSON.parse(r.payload) as { toLocationId: string }).toLocationId, r.sku);
        break;
      case 'stock.received':
      case 'stock.adjusted':
      case 'stock.counted':
        add(r.location_id, r.sku);
        break;
      case 'stock.threshold.set': {
        const p = JSON.parse(r.payload) as { locationId: string; sku: string };
        add(p.locationId, p.sku);
        break;
      }
    }
  }
  return new Map([...out].map(([loc, skus]) => [loc, [...skus]]));
}
