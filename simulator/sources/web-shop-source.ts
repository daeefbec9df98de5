import { localParts } from '../../lib/time/local-time';
import { Agenda } from '../core/agenda';
import type { SimEvent, SimSource } from '../core/sim-event';
import type { Rng } from '../random/rng';
import type { World } from '../world/world';

interface Order {
  orderId: string;
  locationId: string;
  storeId?: string;
  lines: { skuIndex: number; qty: number; unitPrice: number }[];
  total: number;
  paid: boolean;
}

/** Orders per hour through the day (Madrid time), relative: evenings are the web shop's peak. */
const WEB_CURVE = [0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.25, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.0, 0.95, 0.9, 0.95, 1.1, 1.3, 1.5, 1.6, 1.4, 1.0, 0.6];
const CURVE_SUM = WEB_CURVE.reduce((a, b) => a + b, 0);
const PEAK = Math.max(...WEB_CURVE);

/**
 * The web shop: orders placed around the clock, fulfilled from the warehouse or, for
 * click & collect, from a store that has the goods. Placing reserves the stock, paying
 * captures the money, shipping takes the goods off the shelf, and a cancellation
 * releases the reservation and refunds what was paid.
 */
export function webShopSource(world: World, rng: Rng, from: number): SimSource {
  return { id: world.chain.webShopId, events: run(world, rng, from) };
}

type Due = (t: number) => SimEvent | undefined;

function* run(world: World, rng: Rng, from: number): Generator<SimEvent, void> {
  const { chain } = world;
  const tz = chain.warehouse.timezone;
  const ordersPerDay = 60 * chain.stores.length;
  const peakPerMs = (ordersPerDay * PEAK) / CURVE_SUM / 3_600_000;
  const agenda = new Agenda<Due>();
  const sellable = chain.skus.filter((s) => !s.marked);
  let orderNo = 0;
  let next = from + rng.exp(1 / peakPerMs);
  for (;;) {
    if (agenda.peekTime() <= next) {
      const { t, item } = agenda.take()!;
      const e = item(t);
      if (e) yield e;
      continue;
    }
    const t = Math.round(next);
    next += rng.exp(1 / peakPerMs);
    const hour = Math.floor(localParts(t, tz).minuteOfDay / 60);
    if (rng.next() * PEAK > WEB_CURVE[hour]!) continue;
    const order = placeOrder(world, rng, sellable, `WEB-${String(++orderNo).padStart(7, '0')}`);
    if (!order) continue;
    yield placed(world, order, t);
    if (rng.chance(0.96)) {
      agenda.add(t + rng.int(30, 300) * 1000, (at) => paid(world, order, at));
      if (rng.chance(0.06)) agenda.add(t + rng.int(600, 6 * 3600) * 1000, (at) => cancelled(world, order, at));
      else agenda.add(t + rng.int(2 * 3600, 20 * 3600) * 1000, (at) => shipped(world, order, at));
    } else {
      agenda.add(t + 30 * 60_000, (at) => cancelled(world, order, at));
    }
  }
}

function placeOrder(world: World, rng: Rng, sellable: World['chain']['skus'], orderId: string): Order | undefined {
  const n = rng.geometric(2.5);
  const lines: Order['lines'] = [];
  for (let k = 0; k < Math.min(n, 12); k++) {
    const sku = sellable[Math.floor(Math.pow(rng.next(), 2.2) * sellable.length)]!;
    if (lines.some((l) => l.skuIndex === sku.index)) continue;
    lines.push({ skuIndex: sku.index, qty: rng.int(1, 3), unitPrice: sku.price });
  }
  const candidates = rng.chance(0.65) ? [world.chain.warehouse.id, ...rng.shuffled(world.chain.stores.map((s) => s.id))] : [...rng.shuffled(world.chain.stores.map((s) => s.id)), world.chain.warehouse.id];
  const locationId = candidates.slice(0, 4).find((loc) => lines.every((l) => world.available(loc, l.skuIndex) >= l.qty));
  if (!locationId) return undefined;
  return {
    orderId,
    locationId,
    storeId: world.storesById.has(locationId) ? locationId : undefined,
    lines,
    total: lines.reduce((s, l) => s + l.qty * l.unitPrice, 0),
    paid: false,
  };
}

function placed(world: World, o: Order, t: number): SimEvent {
  for (const l of o.lines) world.reservedShelf.get(o.locationId)![l.skuIndex]! += l.qty;
  return {
    t,
    type: 'ecom.order.placed',
    storeId: o.storeId,
    payload: {
      orderId: o.orderId,
      lines: o.lines.map((l) => ({ sku: world.chain.skus[l.skuIndex]!.sku, qty: l.qty, unitPrice: l.unitPrice })),
      total: o.total,
      locationId: o.locationId,
    },
    fx: () => {
      for (const l of o.lines) world.truth.reserve(o.locationId, l.skuIndex, l.qty);
    },
  };
}

function paid(world: World, o: Order, t: number): SimEvent | undefined {
  if (o.paid) return undefined;
  o.paid = true;
  return {
    t,
    type: 'ecom.order.paid',
    storeId: o.storeId,
    payload: { orderId: o.orderId, amount: o.total },
    fx: () => world.truth.webSale(o.locationId, t, o.total),
  };
}

function shipped(world: World, o: Order, t: number): SimEvent {
  for (const l of o.lines) {
    world.reservedShelf.get(o.locationId)![l.skuIndex]! -= l.qty;
    world.takeFromShelf(o.locationId, l.skuIndex, l.qty);
  }
  return {
    t,
    type: 'ecom.order.shipped',
    storeId: o.storeId,
    payload: { orderId: o.orderId },
    fx: () => {
      for (const l of o.lines) {
        world.truth.reserve(o.locationId, l.skuIndex, -l.qty);
        world.truth.moveStock(o.locationId, l.skuIndex, -l.qty);
      }
    },
  };
}

function cancelled(world: World, o: Order, t: number): SimEvent {
  for (const l of o.lines) world.reservedShelf.get(o.locationId)![l.skuIndex]! -= l.qty;
  const refundedAmount = o.paid ? o.total : 0;
  return {
    t,
    type: 'ecom.order.cancelled',
    storeId: o.storeId,
    payload: { orderId: o.orderId, refundedAmount },
    fx: () => {
      for (const l of o.lines) world.truth.reserve(o.locationId, l.skuIndex, -l.qty);
      if (refundedAmount > 0) world.truth.webSale(o.locationId, t, -refundedAmount);
    },
  };
}
