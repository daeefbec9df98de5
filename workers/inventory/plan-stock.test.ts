import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../lib/redis-keys';
import type { Write } from '../harness/checked-apply';
import type { EventRow } from '../sink/event-row';
import type { PairLevels } from './plan-alerts';
import { pairKey, planStock, type PairState, type StockEvent, type StockState } from './plan-stock';

const LOC = 'S001';
const SKU = 'SKU1';
let seq = 0;
function ev(type: string, ms: number, fields: Partial<EventRow>): StockEvent {
  const row = { type, source: 'WH', seq: ++seq, store_id: '', receipt_id: '', order_id: '', location_id: LOC, sku: SKU, units: 0, line_skus: [], line_qtys: [], payload: '', ...fields } as unknown as EventRow;
  return { row, ms };
}
const counted = (ms: number, n: number) => ev('stock.counted', ms, { units: n });
const adjusted = (ms: number, d: number) => ev('stock.adjusted', ms, { units: d });

function stateWith(pair: Partial<PairState> = {}): StockState {
  return { openLines: new Map(), closedLines: new Map(), orders: new Map(), reservations: new Map(), levels: new Map(), pairs: new Map([[pairKey(LOC, SKU), { onHandRaw: '', countedAt: 0, movesAfterCount: [], ...pair }]]) };
}
const writes = (events: StockEvent[], st: StockState) => planStock(events, st).writes.toWrites();
const hset = (w: Write[], key: string) => w.find((x) => x.op === 'hset' && x.key === key && x.field === SKU) as { value: string } | undefined;
const incr = (w: Write[], key: string) => (w.find((x) => x.op === 'hincrby' && x.key === key) as { fields: Map<string, number> } | undefined)?.fields.get(SKU);

describe('stock planning (docs/kpis.md, "Stock per SKU × location")', () => {
  it('adds movements that occurred after the last count, and ignores those at or before it', () => {
    const w = writes([adjusted(900, -5), adjusted(1000, -1), adjusted(1100, -2)], stateWith({ onHandRaw: '40', countedAt: 1000 }));
    expect(incr(w, redisKeys.invOnHand(LOC))).toBe(-2);
    expect(hset(w, redisKeys.invOnHand(LOC))).toBeUndefined();
  });

  it('sets on hand to a count plus what occurred after it, in any order of arrival', () => {
    // The batch: a move after the count arrives first; one before the count is in it.
    const st = stateWith({ onHandRaw: '50', countedAt: 100, movesAfterCount: [{ ms: 700, delta: -4 }] });
    const w = writes([adjusted(600, -3), counted(500, 30), adjusted(400, -1)], st);
    // 30 counted at 500, then −3 (600, this batch) and −4 (700, applied before the count arrived).
    expect(hset(w, redisKeys.invOnHand(LOC))?.value).toBe('23');
    expect(hset(w, redisKeys.invCountedAt(LOC))?.value).toBe('500');
    // Book at 500: 50 stored − (−4 applied after 500) + (−1 of the batch before 500) = 53; counted 30.
    expect(incr(w, redisKeys.invShrink(LOC))).toBe(23);
    expect(planStock([counted(500, 30)], st).checks).toContainEqual({ op: 'heq', key: redisKeys.invOnHand(LOC), field: SKU, value: '50' });
  });

  it("records no shrink for a pair's first count ever, and ignores a count older than the last", () => {
    expect(incr(writes([counted(10, 12)], stateWith()), redisKeys.invShrink(LOC))).toBeUndefined();
    const w = writes([counted(50, 7)], stateWith({ onHandRaw: '9', countedAt: 60 }));
    expect(hset(w, redisKeys.invOnHand(LOC))).toBeUndefined();
  });

  it('reserves a web order at placement, and at shipment takes it off the shelf and the reservation', () => {
    const placed = ev('ecom.order.placed', 100, { source: 'WEB', order_id: 'O1', payload: JSON.stringify({ lines: [{ sku: SKU, qty: 2 }] }) });
    const shipped = ev('ecom.order.shipped', 200, { source: 'WEB', order_id: 'O1' });
    const w = writes([placed, shipped], stateWith());
    expect(incr(w, redisKeys.invReserved(LOC))).toBeUndefined(); // +2 − 2 within the batch
    expect(incr(w, redisKeys.invOnHand(LOC))).toBe(-2);
    const cancelledAfterShip = writes([ev('ecom.order.cancelled', 300, { source: 'WEB', order_id: 'O1' })], { ...stateWith(), orders: new Map([['O1', { locationId: LOC, lines: [{ sku: SKU, qty: 2 }], state: 'shipped' }]]) });
    expect(incr(cancelledAfterShip, redisKeys.invReserved(LOC))).toBeUndefined();
  });

  it("converts the order's active API reservation instead of holding its units twice, and commits it at shipment", () => {
    const rsv = { orderId: 'O2', sku: SKU, locationId: LOC, qty: 2, state: 'active' as const, createdAt: 1, expiresAt: 9e12, updatedAt: 1 };
    const placed = ev('ecom.order.placed', 100, { source: 'WEB', order_id: 'O2', payload: JSON.stringify({ lines: [{ sku: SKU, qty: 3 }, { sku: 'SKU2', qty: 1 }] }) });
    const st = { ...stateWith(), reservations: new Map([['O2', rsv]]) };
    const plan = planStock([placed], st);
    const w = plan.writes.toWrites();
    // 2 of the 3 units were held by the reservation: one more; SKU2 is held in full.
    const reserved = (w.find((x) => x.op === 'hincrby' && x.key === redisKeys.invReserved(LOC)) as unknown as { fields: Map<string, number> }).fields;
    expect(Object.fromEntries(reserved)).toEqual({ [SKU]: 1, SKU2: 1 });
    expect(plan.checks).toContainEqual({ op: 'heq', key: redisKeys.invReservation('O2'), field: 'state', value: 'active' });
    expect(w).toContainEqual({ op: 'hset', key: redisKeys.invReservation('O2'), field: 'state', value: 'converted' });
    expect(w).toContainEqual({ op: 'zrem', key: redisKeys.invReservationExpiry(), member: 'O2' });
    const shipped = ev('ecom.order.shipped', 200, { source: 'WEB', order_id: 'O2' });
    const after = writes([shipped], { ...stateWith(), reservations: new Map([['O2', { ...rsv, state: 'converted' as const }]]), orders: new Map([['O2', { locationId: LOC, lines: [{ sku: SKU, qty: 3 }], state: 'placed' as const }]]) });
    expect(after).toContainEqual({ op: 'hset', key: redisKeys.invReservation('O2'), field: 'state', value: 'committed' });
    expect(incr(after, redisKeys.invReserved(LOC))).toBe(-3);
    // A reservation of another location is not this order's: the order holds its units itself.
    const elsewhere = planStock([placed], { ...stateWith(), reservations: new Map([['O2', { ...rsv, locationId: 'S009' }]]) });
    expect(elsewhere.checks.some((c) => c.op === 'heq')).toBe(false);
  });
});

describe('low stock of a pair whose stock is not known yet (docs/kpis.md, "Low stock and replenishment")', () => {
  const NO_LEVELS: PairLevels = { reservedRaw: '', incomingRaw: '', thresholdRaw: '', lowRaw: '', replenishmentRaw: '', velocityRaw: '', safetyRaw: '' };
  /** The state of the pair with what the alert rules read of it. */
  const withLevels = (pair: Partial<PairState> = {}, levels: Partial<PairLevels> = {}): StockState => ({ ...stateWith(pair), levels: new Map([[pairKey(LOC, SKU), { ...NO_LEVELS, ...levels }]]) });
  const thresholdSet = (ms: number, reorderPoint = 10, targetLevel = 30) =>
    ev('stock.threshold.set', ms, { source: 'HQ', location_id: '', sku: '', payload: JSON.stringify({ locationId: LOC, sku: SKU, reorderPoint, targetLevel }) });
  /** What the plan sends: 'low_stock' / 'order'. */
  const sent = (p: ReturnType<typeof planStock>) => p.outbox.map((m) => (m.topic === 'alerts' ? (JSON.parse(m.value) as { kind: string }).kind : 'order'));
  const unknownChecked = { op: 'heq', key: redisKeys.invOnHand(LOC), field: SKU, value: '' };

  it('a threshold before the first count raises nothing; the count then is judged: above, nothing; below, the alert and the order', () => {
    const first = planStock([thresholdSet(1000)], withLevels());
    expect(sent(first)).toEqual([]);
    // Stored all the same, and checked still unknown (a count applied meanwhile makes the batch plan again).
    const stored = hset(first.writes.toWrites(), redisKeys.invThresholds(LOC))!.value;
    expect(JSON.parse(stored)).toMatchObject({ reorderPoint: 10, targetLevel: 30 });
    expect(first.checks).toContainEqual(unknownChecked);

    const thresholdChecked = { op: 'heq', key: redisKeys.invThresholds(LOC), field: SKU, value: stored };
    const above = planStock([counted(1001, 15)], withLevels({}, { thresholdRaw: stored }));
    expect(sent(above)).toEqual([]);
    // The first count is judged with the threshold as read, checked unchanged.
    expect(above.checks).toContainEqual(thresholdChecked);

    const below = planStock([counted(1001, 4)], withLevels({}, { thresholdRaw: stored }));
    expect(sent(below)).toEqual(['low_stock', 'order']);
    expect(JSON.parse(below.outbox[0]!.value)).toMatchObject({ severity: 'warning', evidence: { onHand: 4, available: 4, reorderPoint: 10 } });
    expect(JSON.parse(below.outbox[1]!.value)).toMatchObject({ qty: 26, evidence: { onHand: 4, available: 4 } });
    expect(below.checks).toContainEqual(thresholdChecked);
  });

  it('a threshold after the first count is judged as before', () => {
    const p = planStock([thresholdSet(1000)], withLevels({ onHandRaw: '4', countedAt: 900 }));
    expect(sent(p)).toEqual(['low_stock', 'order']);
    expect(JSON.parse(p.outbox[1]!.value)).toMatchObject({ qty: 26, evidence: { onHand: 4, available: 4, reorderPoint: 10 } });
    expect(p.checks).not.toContainEqual(unknownChecked);
    expect(p.checks.some((c) => c.op === 'heq' && c.key === redisKeys.invThresholds(LOC))).toBe(false);
    // An on hand of 0 that was counted is known: low, critical.
    const empty = planStock([thresholdSet(1000)], withLevels({ onHandRaw: '0', countedAt: 900 }));
    expect(JSON.parse(empty.outbox[0]!.value)).toMatchObject({ severity: 'critical', evidence: { onHand: 0 } });
  });

  it('a threshold and the first count in one batch, in either order, are judged at the count', () => {
    expect(sent(planStock([thresholdSet(1000), counted(1000, 4)], withLevels()))).toEqual(['low_stock', 'order']);
    expect(sent(planStock([counted(1000, 4), thresholdSet(1000)], withLevels()))).toEqual(['low_stock', 'order']);
    expect(sent(planStock([thresholdSet(1000), counted(1000, 15)], withLevels()))).toEqual([]);
  });

  it('a first movement makes the stock known and is judged; a reservation alone does not', () => {
    const stored = JSON.stringify({ reorderPoint: 10, targetLevel: 30, source: 'masterdata', setAt: 1000 });
    expect(sent(planStock([adjusted(1001, 3)], withLevels({}, { thresholdRaw: stored })))).toEqual(['low_stock', 'order']);
    const placed = ev('ecom.order.placed', 1001, { source: 'WEB', order_id: 'O9', payload: JSON.stringify({ lines: [{ sku: SKU, qty: 2 }] }) });
    const reserved = planStock([placed], withLevels({}, { thresholdRaw: stored }));
    expect(sent(reserved)).toEqual([]);
    expect(reserved.checks).toContainEqual(unknownChecked);
    // Once counted, the same reservation is judged: 11 − 2 < 10.
    expect(sent(planStock([placed], withLevels({ onHandRaw: '11', countedAt: 900 }, { thresholdRaw: stored })))).toEqual(['low_stock', 'order']);
  });

  it('a first movement that nets to 0 still writes the on-hand field, so that a later threshold is judged', () => {
    const p = planStock([adjusted(1001, 5), adjusted(1002, -5)], withLevels());
    const w = p.writes.toWrites();
    expect(incr(w, redisKeys.invOnHand(LOC))).toBeUndefined();
    expect(hset(w, redisKeys.invOnHand(LOC))?.value).toBe('0');
    expect(p.checks).toContainEqual(unknownChecked);
    expect(sent(planStock([thresholdSet(2000)], withLevels({ onHandRaw: '0' })))).toEqual(['low_stock', 'order']);
  });
});
