import type { SimEvent } from '../core/sim-event';
import type { World } from '../world/world';

/**
 * The events of the warehouse's two ways of bringing goods in, shared by its nightly
 * runs and its order desk. Their `fx` books them in the ground truth when emitted; the
 * callers move the goods on the shelves, each when its story says they move.
 */

/** A transfer from the warehouse to a store. */
export function transferEvent(world: World, storeId: string, skuIndex: number, qty: number, t: number): SimEvent {
  const dc = world.chain.warehouse.id;
  return {
    t,
    type: 'stock.transferred',
    storeId,
    payload: { fromLocationId: dc, toLocationId: storeId, sku: world.chain.skus[skuIndex]!.sku, qty },
    fx: () => {
      world.truth.moveStock(dc, skuIndex, -qty);
      world.truth.moveStock(storeId, skuIndex, qty);
    },
  };
}

/** A supplier's delivery into the warehouse. */
export function receivedEvent(world: World, skuIndex: number, qty: number, t: number): SimEvent {
  const dc = world.chain.warehouse.id;
  return { t, type: 'stock.received', payload: { locationId: dc, sku: world.chain.skus[skuIndex]!.sku, qty }, fx: () => world.truth.moveStock(dc, skuIndex, qty) };
}
