import type { SimEvent, SimSource } from '../core/sim-event';
import { Promotions } from '../world/promotions';
import type { World } from '../world/world';

/**
 * HQ's master data system: stores (region, timezone, currency, tills), the catalog and
 * the stock thresholds, published on hq.masterdata when the simulation starts.
 */
export function masterDataSource(world: World, from: number): SimSource {
  return { id: world.chain.hqSource, events: masterData(world, from) };
}

function* masterData(world: World, from: number): Generator<SimEvent, void> {
  const { chain } = world;
  for (const s of chain.stores) {
    yield {
      t: from,
      type: 'store.upserted',
      storeId: s.id,
      payload: { storeId: s.id, name: s.name, region: s.region, timezone: s.timezone, currency: s.currency, tills: s.tills.map((t) => t.id) },
    };
  }
  for (const sku of chain.skus) {
    yield { t: from, type: 'sku.upserted', payload: { sku: sku.sku, name: sku.name, category: sku.category, price: sku.price } };
  }
  for (const loc of world.locations) {
    const rp = world.reorderPoint.get(loc)!;
    const target = world.targetLevel.get(loc)!;
    for (const sku of chain.skus) {
      yield {
        t: from,
        type: 'stock.threshold.set',
        storeId: world.storesById.has(loc) ? loc : undefined,
        payload: { locationId: loc, sku: sku.sku, reorderPoint: rp[sku.index]!, targetLevel: target[sku.index]! },
      };
    }
  }
}

/** HQ's promotion system: each week's promotions published on hq.promotions half a day ahead. */
export function promotionSource(world: World, from: number): SimSource {
  return { id: `${world.chain.hqSource}-PROMO`, events: promotions(world, from) };
}

function* promotions(world: World, from: number): Generator<SimEvent, void> {
  const lead = 12 * 3_600_000;
  for (let week = Promotions.weekOf(from); ; week++) {
    const t = Math.max(from, Promotions.weekStart(week) - lead);
    for (const p of world.promotions.week(week)) {
      if (p.endsAt <= from) continue;
      yield {
        t,
        type: 'promo.published',
        payload: {
          promotionId: p.promotionId,
          name: p.name,
          kind: p.kind,
          value: p.value,
          skus: [...p.skus].map((i) => world.chain.skus[i]!.sku),
          storeIds: p.storeIds,
          startsAt: new Date(p.startsAt).toISOString(),
          endsAt: new Date(p.endsAt).toISOString(),
        },
      };
    }
  }
}
