import { addDays, localDay, localTimeToUtc } from '../../lib/time/local-time';
import type { SimEvent, SimSource } from '../core/sim-event';
import type { Rng } from '../random/rng';
import type { World } from '../world/world';
import { receivedEvent, transferEvent } from './stock-moves';

/** The chain's warehouse management system: one source for every stock movement it books. */
export const WMS_SOURCE = 'WMS';
/** Events of one batch (a night's transfers to a store) are booked this far apart. */
const STEP_MS = 20;

type Job = { t: number; run: (t: number) => Generator<SimEvent, void> };

/**
 * Stock movements: the opening count of every SKU at every location, then each night
 * cycle counts in the stores (which reveal unrecorded shrink), transfers from the
 * warehouse that bring shelves back to their target level, supplier deliveries into the
 * warehouse (except for SKUs the supplier cannot deliver, which run low), and the odd
 * damaged item written off. The nightly transfers are planned only for nights before
 * `nightlyUntil`: from then on the stores are refilled by replenishment orders
 * (`order-desk.ts`).
 */
export function warehouseSource(world: World, rng: Rng, from: number, nightlyUntil = Number.POSITIVE_INFINITY): SimSource {
  return { id: WMS_SOURCE, events: run(world, rng, from, nightlyUntil) };
}

function* run(world: World, rng: Rng, from: number, nightlyUntil: number): Generator<SimEvent, void> {
  yield* openingCount(world, from);
  const dcTz = world.chain.warehouse.timezone;
  let day = localDay(from, dcTz);
  for (;;) {
    const jobs: Job[] = [];
    for (const store of world.chain.stores) {
      const open24h = store.format.hours(1)?.[0] === 0 && store.format.hours(1)?.[1] === 1440;
      if (!open24h) jobs.push({ t: localTimeToUtc(day, 60 + rng.int(0, 30), store.timezone), run: (t) => cycleCount(world, rng, store.id, t) });
      // The time is drawn either way, so both modes make the same other events.
      const replenishAt = localTimeToUtc(day, 4 * 60 + rng.int(0, 60), store.timezone);
      if (replenishAt < nightlyUntil) jobs.push({ t: replenishAt, run: (t) => replenish(world, store.id, t) });
    }
    jobs.push({ t: localTimeToUtc(day, 6 * 60, dcTz), run: (t) => supplierDeliveries(world, t) });
    for (let k = rng.int(2, 4) * world.chain.stores.length; k > 0; k--) {
      const loc = rng.pick(world.locations);
      jobs.push({ t: localTimeToUtc(day, rng.int(8 * 60, 20 * 60), dcTz), run: (t) => damaged(world, rng, loc, t) });
    }
    jobs.sort((a, b) => a.t - b.t);
    let cursor = from;
    for (const job of jobs) {
      if (job.t < from) continue;
      // Jobs never overlap in the source's timeline: each starts after the last one's events.
      const t = Math.max(job.t, cursor);
      for (const e of job.run(t)) {
        cursor = e.t + STEP_MS;
        yield e;
      }
    }
    day = addDays(day, 1);
  }
}

const locationStore = (world: World, loc: string) => (world.storesById.has(loc) ? loc : undefined);

/** Every SKU at every location is counted when the simulation starts: the book's baseline. */
function* openingCount(world: World, t: number): Generator<SimEvent> {
  let at = t;
  for (const loc of world.locations) {
    const shelf = world.shelf.get(loc)!;
    for (const sku of world.chain.skus) {
      const counted = shelf[sku.index]!;
      yield {
        t: at,
        type: 'stock.counted',
        storeId: locationStore(world, loc),
        payload: { locationId: loc, sku: sku.sku, counted },
        fx: () => world.truth.setStock(loc, sku.index, counted),
      };
    }
    at += 1;
  }
}

function* cycleCount(world: World, rng: Rng, storeId: string, t: number): Generator<SimEvent> {
  let at = t;
  for (let k = 0; k < 25; k++) {
    const sku = world.chain.skus[world.chain.demand.draw(rng)]!;
    const counted = Math.max(0, world.shelf.get(storeId)![sku.index]!);
    world.shelf.get(storeId)![sku.index] = counted;
    yield {
      t: at,
      type: 'stock.counted',
      storeId,
      payload: { locationId: storeId, sku: sku.sku, counted },
      fx: () => world.truth.setStock(storeId, sku.index, counted),
    };
    at += STEP_MS;
  }
}

/** Overnight transfers from the warehouse: every SKU below its reorder point goes back up to its target. */
function* replenish(world: World, storeId: string, t: number): Generator<SimEvent> {
  const dc = world.chain.warehouse.id;
  const shelf = world.shelf.get(storeId)!;
  const rp = world.reorderPoint.get(storeId)!;
  const target = world.targetLevel.get(storeId)!;
  let at = t;
  for (const sku of world.chain.skus) {
    const i = sku.index;
    if (shelf[i]! >= rp[i]!) continue;
    const qty = Math.min(target[i]! - shelf[i]!, world.available(dc, i));
    if (qty <= 0) continue;
    world.takeFromShelf(dc, i, qty);
    world.putOnShelf(storeId, i, qty);
    yield transferEvent(world, storeId, i, qty, at);
    at += STEP_MS;
  }
}

/** Suppliers deliver into the warehouse every morning, except what is short. */
function* supplierDeliveries(world: World, t: number): Generator<SimEvent> {
  const dc = world.chain.warehouse.id;
  const shelf = world.shelf.get(dc)!;
  const rp = world.reorderPoint.get(dc)!;
  const target = world.targetLevel.get(dc)!;
  let at = t;
  for (const sku of world.chain.skus) {
    const i = sku.index;
    if (world.shortages.has(i) || shelf[i]! >= rp[i]!) continue;
    const qty = target[i]! - shelf[i]!;
    world.putOnShelf(dc, i, qty);
    yield receivedEvent(world, i, qty, at);
    at += STEP_MS;
  }
}

function* damaged(world: World, rng: Rng, loc: string, t: number): Generator<SimEvent> {
  const sku = world.chain.skus[world.chain.demand.draw(rng)]!;
  const qty = Math.min(rng.int(1, 3), world.available(loc, sku.index));
  if (qty <= 0) return;
  world.takeFromShelf(loc, sku.index, qty);
  yield {
    t,
    type: 'stock.adjusted',
    storeId: locationStore(world, loc),
    payload: { locationId: loc, sku: sku.sku, delta: -qty, reason: rng.pick(['damaged', 'expired', 'found broken in transit']) },
    fx: () => world.truth.moveStock(loc, sku.index, -qty),
  };
}
