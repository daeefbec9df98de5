import { buildChain, type Chain, type ChainOptions } from '../chain/build-chain';
import type { SimSource } from '../core/sim-event';
import { HqPromotions } from '../promotions/hq-promotions';
import type { PromotionFeed } from '../promotions/promotion-feed';
import type { PromotionOptions } from '../promotions/promotion-options';
import { ShopperResponse } from '../promotions/shopper-response';
import { Rng } from '../random/rng';
import { masterDataSource, promotionSource } from '../sources/hq-source';
import { OrderDesk, type OrderDeskOptions } from '../sources/order-desk';
import { tillSource } from '../sources/till/till-source';
import { warehouseSource } from '../sources/warehouse-source';
import { webShopSource } from '../sources/web-shop-source';
import { GroundTruth } from '../truth/ground-truth';
import { World } from '../world/world';

export interface SimulatedChain {
  chain: Chain;
  world: World;
  truth: GroundTruth;
  /** Every producer, HQ first so master data leads at the start instant. */
  sources: SimSource[];
  /** The warehouse's order desk, when replenishment orders refill the stores. */
  desk?: OrderDesk;
}

/**
 * The chain, its shared state, its ground truth and its sources, for a seed and a start
 * time; with `orders`, the warehouse fulfils replenishment orders from `orders.from` on
 * instead of refilling the stores nightly; with `promotions` in `hq` mode, the tills also
 * apply the promotions its feed brings.
 */
export function buildWorld(opts: ChainOptions, start: number, orders?: OrderDeskOptions, promotions?: { options: PromotionOptions; feed: PromotionFeed }): SimulatedChain {
  const chain = buildChain(opts);
  const timezones = new Map<string, string>([...chain.stores.map((s) => [s.id, s.timezone] as const), [chain.warehouse.id, chain.warehouse.timezone]]);
  const truth = new GroundTruth(timezones, chain.skus.map((s) => s.sku));
  const world = new World(chain, truth, start, opts.seed);
  if (promotions?.options.mode === 'hq') {
    const hq = new HqPromotions(promotions.feed, chain, promotions.options, (id) => world.promotions.isCalendarId(id), (p) =>
      truth.promotions.planted(p.def.promotionId, { name: p.def.name, kind: p.def.kind, lift: p.lift, cannibalisation: p.cannibalisation }),
    );
    world.hq = { promotions: hq, response: new ShopperResponse() };
    world.promotions.withdrawnAt = (id, t) => hq.calendarWithdrawnAt(id, t);
  }
  const rng = new Rng(opts.seed);
  const sources: SimSource[] = [
    masterDataSource(world, start),
    promotionSource(world, start),
    warehouseSource(world, rng.fork('warehouse'), start, orders?.from),
    webShopSource(world, rng.fork('web'), start),
  ];
  for (const store of chain.stores) {
    for (const till of store.tills) sources.push(tillSource(world, store, till, rng.fork(till.id), start));
  }
  // Last, so every other source keeps its place in the tie-breaks of the merge.
  const desk = orders && new OrderDesk(world, orders);
  if (desk) sources.push(desk.source());
  if (world.hq) sources.push(world.hq.promotions.source());
  return { chain, world, truth, sources, desk };
}
