import type { Chain, Store } from '../chain/build-chain';
import type { GroundTruth } from '../truth/ground-truth';
import { Rng } from '../random/rng';
import type { HqPromotions } from '../promotions/hq-promotions';
import type { ShopperResponse } from '../promotions/shopper-response';
import { Promotions } from './promotions';
import { RecentReceipts } from './recent-receipts';

/**
 * What the simulated chain shares between its sources: the goods physically on the
 * shelves (what a customer can pick), reservations of web orders, stock thresholds,
 * recent receipts (for refunds) and the promotions running. The book stock the
 * pipeline computes is in the ground truth; the shelf differs from it by unrecorded
 * shrink, which stock counts reveal.
 */
export class World {
  readonly shelf = new Map<string, Int32Array>();
  readonly reservedShelf = new Map<string, Int32Array>();
  readonly reorderPoint = new Map<string, Int32Array>();
  readonly targetLevel = new Map<string, Int32Array>();
  readonly recent = new Map<string, RecentReceipts>();
  readonly promotions: Promotions;
  /** With `--promotions hq`: the promotions authored at HQ, and how shoppers respond to them. */
  hq?: { promotions: HqPromotions; response: ShopperResponse };
  /** SKUs the supplier cannot deliver for now: the warehouse runs out and stores run low. */
  readonly shortages: Set<number>;
  readonly locations: string[];
  readonly storesById: Map<string, Store>;

  constructor(
    readonly chain: Chain,
    readonly truth: GroundTruth,
    readonly start: number,
    readonly seed: number,
  ) {
    this.storesById = new Map(chain.stores.map((s) => [s.id, s]));
    this.locations = [...chain.stores.map((s) => s.id), chain.warehouse.id];
    const n = chain.skus.length;
    const popularitySum = chain.skus.reduce((a, s) => a + s.popularity, 0);
    const dcDaily = new Float64Array(n);
    for (const store of chain.stores) {
      const rp = new Int32Array(n);
      const target = new Int32Array(n);
      chain.skus.forEach((sku, i) => {
        const daily = (store.dailyReceipts * store.format.basketLines * sku.popularity * (sku.multiBuy ? 1.4 : 1)) / popularitySum;
        dcDaily[i]! += daily;
        rp[i] = Math.ceil(daily * 3) + 2;
        target[i] = Math.ceil(daily * 7) + 4;
      });
      this.reorderPoint.set(store.id, rp);
      this.targetLevel.set(store.id, target);
      this.recent.set(store.id, new RecentReceipts(400));
    }
    const dcRp = new Int32Array(n);
    const dcTarget = new Int32Array(n);
    dcDaily.forEach((d, i) => {
      dcRp[i] = Math.ceil(d * 9) + 10;
      dcTarget[i] = Math.ceil(d * 12) + 20;
    });
    this.reorderPoint.set(chain.warehouse.id, dcRp);
    this.targetLevel.set(chain.warehouse.id, dcTarget);
    for (const loc of this.locations) {
      this.shelf.set(loc, Int32Array.from(this.targetLevel.get(loc)!));
      this.reservedShelf.set(loc, new Int32Array(n));
    }
    // About one SKU in 200, among the faster sellers, has a supplier shortage.
    const shortages = new Set<number>();
    for (let i = 7; i < n && shortages.size < Math.max(2, Math.round(n / 200)); i += 37) shortages.add(i);
    this.shortages = shortages;
    this.promotions = new Promotions(chain, seed);
  }

  /** A random stream for a named decision of the chain (same name, same stream). */
  rng(name: string): Rng {
    return new Rng(this.seed).fork(name);
  }

  store(id: string): Store {
    const s = this.storesById.get(id);
    if (!s) throw new Error(`unknown store ${id}`);
    return s;
  }

  /** Units a shopper can still pick at a location (on the shelf, not held for web orders). */
  available(locationId: string, skuIndex: number): number {
    return this.shelf.get(locationId)![skuIndex]! - this.reservedShelf.get(locationId)![skuIndex]!;
  }

  takeFromShelf(locationId: string, skuIndex: number, qty: number): void {
    this.shelf.get(locationId)![skuIndex]! -= qty;
  }

  putOnShelf(locationId: string, skuIndex: number, qty: number): void {
    this.shelf.get(locationId)![skuIndex]! += qty;
  }
}
