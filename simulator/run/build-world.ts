import { buildChain, type Chain, type ChainOptions } from '../chain/build-chain';
import type { SimSource } from '../core/sim-event';
import { Rng } from '../random/rng';
import { masterDataSource, promotionSource } from '../sources/hq-source';
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
}

/** The chain, its shared state, its ground truth and its sources, for a seed and a start time. */
export function buildWorld(opts: ChainOptions, start: number): SimulatedChain {
  const chain = buildChain(opts);
  const timezones = new Map<string, string>([...chain.stores.map((s) => [s.id, s.timezone] as const), [chain.warehouse.id, chain.warehouse.timezone]]);
  const truth = new GroundTruth(timezones, chain.skus.map((s) => s.sku));
  const world = new World(chain, truth, start, opts.seed);
  const rng = new Rng(opts.seed);
  const sources: SimSource[] = [
    masterDataSource(world, start),
    promotionSource(world, start),
    warehouseSource(world, rng.fork('warehouse'), start),
    webShopSource(world, rng.fork('web'), start),
  ];
  for (const store of chain.stores) {
    for (const till of store.tills) sources.push(tillSource(world, store, till, rng.fork(till.id), start));
  }
  return { chain, world, truth, sources };
}
