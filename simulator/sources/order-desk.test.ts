import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../lib/contract/parse-event';
import type { ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import { EventStream } from '../core/event-stream';
import type { Emitted } from '../core/sim-event';
import type { Delivery } from '../faults/fault-injector';
import { listFeed } from '../orders/replenishment-feed';
import { buildWorld, type SimulatedChain } from '../run/build-world';
import { referenceKpis } from '../testing/reference-kpis';
import { runInMemory, smallRun } from '../testing/run-in-memory';
import { ORDER_DESK_SOURCE } from './order-desk';

type Run = Awaited<ReturnType<typeof runInMemory>>;

const START = Date.parse('2026-11-20T00:00:00Z');
const H = 3_600_000;
const LEAD = 2 * H;
const CHAIN = { seed: 11, stores: 3, tills: 4, skus: 300, dishonest: 2 };
/** A slow seller: nothing else is likely to move it in a few hours. */
const SKU = 'SKU100290';

const order = (over: Partial<ReplenishmentOrder> = {}): ReplenishmentOrder => ({
  id: 'repl:S001:SKU100290:1',
  locationId: 'S001',
  sku: SKU,
  qty: 5,
  targetLevel: 20,
  evidence: { onHand: 1, reserved: 0, available: 1, incoming: 0, reorderPoint: 4 },
  alertId: 'low_stock:S001:SKU100290:1',
  state: 'open',
  createdAt: START + 3 * H,
  ...over,
});

interface Delivered {
  e: Emitted;
  payload: Record<string, unknown>;
  /** The truth's on hand at the receiving location, just before and just after the event. */
  before: number;
  after: number;
}

/** The chain with its order desk fed `orders`, run to `until` event by event, the way `simulate` pulls it. */
function runDesk(orders: ReplenishmentOrder[], until: number, prepare?: (sim: SimulatedChain) => void) {
  const sim = buildWorld(CHAIN, START, { feed: listFeed(orders), leadTime: LEAD, from: START });
  prepare?.(sim);
  const stream = new EventStream(sim.sources, START);
  const onHand = (loc: string, sku: string) => sim.truth.onHand.get(loc)?.[sim.chain.skus.findIndex((s) => s.sku === sku)] ?? 0;
  const delivered: Delivered[] = [];
  for (;;) {
    const snapshot = new Map(orders.map((o) => [`${o.locationId}:${o.sku}`, onHand(o.locationId, o.sku)]));
    const e = stream.next(until);
    if (!e) break;
    if (e.source !== ORDER_DESK_SOURCE) continue;
    const payload = (JSON.parse(e.json) as { payload: Record<string, unknown> }).payload;
    const loc = String(payload.toLocationId ?? payload.locationId);
    delivered.push({ e, payload, before: snapshot.get(`${loc}:${String(payload.sku)}`)!, after: onHand(loc, String(payload.sku)) });
  }
  return { sim, delivered, stats: sim.desk!.stats };
}

describe('the warehouse order desk', () => {
  it('delivers an order once, a lead time after taking it in, as a transfer from the warehouse that the truth books', () => {
    const first = order();
    const resent = { ...first, createdAt: first.createdAt + H };
    const { delivered, stats } = runDesk([first, resent], START + 8 * H);
    expect(delivered).toHaveLength(1);
    const [d] = delivered;
    expect(d!.e).toMatchObject({ type: 'stock.transferred', storeId: 'S001', topic: 'warehouse.events' });
    expect(d!.payload).toEqual({ fromLocationId: 'DC01', toLocationId: 'S001', sku: SKU, qty: 5 });
    // Taken in at the simulated minute it was created (the feed is polled every minute), delivered a lead time later.
    expect(d!.e.t).toBe(first.createdAt + LEAD);
    expect(d!.after - d!.before).toBe(5);
    expect(stats).toMatchObject({ taken: 1, duplicates: 1, delivered: 1, unitsDelivered: 5, unitsShort: 0 });
  });

  it('sends no more than the warehouse has available, and nothing when it has none', () => {
    // Early: the warehouse plans its suppliers' morning delivery after its cycle counts, at about 01:20.
    const capped = order({ qty: 10, createdAt: START + 0.5 * H });
    const empty = order({ id: 'repl:S002:SKU100290:2', locationId: 'S002', qty: 4, createdAt: START + 0.75 * H });
    const skuIndex = CHAIN.skus - 11;
    const { sim, delivered, stats } = runDesk([capped, empty], START + 4 * H, (s) => {
      // Before the opening count is made, so the book starts from the same 3 units.
      s.world.shelf.get('DC01')![skuIndex] = 3;
    });
    expect(sim.chain.skus[skuIndex]!.sku).toBe(SKU);
    expect(delivered.map((d) => d.payload)).toEqual([{ fromLocationId: 'DC01', toLocationId: 'S001', sku: SKU, qty: 3 }]);
    expect(sim.truth.onHand.get('DC01')![skuIndex]).toBe(0);
    expect(stats).toMatchObject({ taken: 2, delivered: 1, unitsDelivered: 3, unitsShort: 7 + 4 });
  });

  it('ignores and counts orders for SKUs or locations the chain does not have, and orders not open', () => {
    const { delivered, stats } = runDesk(
      [
        order({ id: 'a', sku: 'SKU-NOPE' }),
        order({ id: 'b', locationId: 'S999' }),
        order({ id: 'c', locationId: 'WEB' }),
        order({ id: 'd', state: 'received', receivedAt: START + 3 * H }),
      ],
      START + 8 * H,
    );
    expect(delivered).toEqual([]);
    expect(stats).toMatchObject({ taken: 4, unknown: 3, notOpen: 1, delivered: 0 });
  });

  it('fulfils an order for the warehouse with a supplier delivery, except for a SKU its supplier is short of', () => {
    const short = 'SKU100008'; // index 7: the first of the chain's supplier shortages
    const { sim, delivered, stats } = runDesk([order({ id: 'dc', locationId: 'DC01', qty: 40 }), order({ id: 'dc-short', locationId: 'DC01', sku: short, qty: 40 })], START + 8 * H);
    expect(sim.world.shortages.has(7)).toBe(true);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.e).toMatchObject({ type: 'stock.received', topic: 'warehouse.events' });
    expect(delivered[0]!.payload).toEqual({ locationId: 'DC01', sku: SKU, qty: 40 });
    expect(delivered[0]!.after - delivered[0]!.before).toBe(40);
    expect(stats).toMatchObject({ delivered: 1, unitsShort: 40 });
  });
});

describe('replenishment orders through a run', () => {
  const liveFrom = START + 84 * H;
  const opts = smallRun({ end: START + 120 * H, liveFrom });
  const transfersBy = (r: Run, source: string) => r.deliveries.filter((d) => d.source === source && d.json.includes('"stock.transferred"'));
  const timeOf = (d: Delivery) => Date.parse((JSON.parse(d.json) as { occurredAt: string }).occurredAt);
  const orders = [order({ id: 'before-orders', createdAt: START + H }), order({ id: 'live', locationId: 'S002', createdAt: liveFrom + 5 * H })];
  let nightly: Run;
  let withOrders: Run;

  beforeAll(async () => {
    nightly = await runInMemory(opts);
    withOrders = await runInMemory({ ...opts, replenishment: { mode: 'orders', leadTime: LEAD } }, listFeed(orders));
  }, 60_000);

  it('has no nightly store transfers from the end of the history on, where the nightly mode has them', () => {
    expect(transfersBy(nightly, 'WMS').filter((d) => timeOf(d) >= liveFrom).length).toBeGreaterThan(10);
    expect(transfersBy(withOrders, 'WMS').length).toBeGreaterThan(10);
    expect(transfersBy(withOrders, 'WMS').filter((d) => timeOf(d) >= liveFrom)).toEqual([]);
  });

  it('takes orders in from the end of the history on, and delivers them a lead time later', () => {
    expect(transfersBy(withOrders, ORDER_DESK_SOURCE).map(timeOf)).toEqual([liveFrom + LEAD, liveFrom + 5 * H + LEAD]);
    expect(withOrders.orders).toMatchObject({ taken: 2, delivered: 2, unitsDelivered: 10 });
  });

  it('keeps the truth exact: the stock the events give', () => {
    const ref = referenceKpis(withOrders.deliveries, (raw) => parseEvent(raw).ok);
    const truth = withOrders.truth as { stock: Record<string, Record<string, { onHand: number }>> };
    for (const [loc, skus] of Object.entries(truth.stock)) {
      for (const [sku, s] of Object.entries(skus)) expect(s.onHand, `${loc} ${sku}`).toBe(ref.onHand.get(`${loc}:${sku}`) ?? 0);
    }
  });

  it('is the same run for one seed and one feed', async () => {
    const again = await runInMemory({ ...opts, replenishment: { mode: 'orders', leadTime: LEAD } }, listFeed(orders));
    const digest = (r: Run) => createHash('sha256').update(r.deliveries.map((d) => d.json).join('\n')).digest('hex');
    expect(digest(again)).toBe(digest(withOrders));
  });
});
