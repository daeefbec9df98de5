import type { ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import { Agenda } from '../core/agenda';
import type { SimEvent, SimSource } from '../core/sim-event';
import type { ReplenishmentFeed } from '../orders/replenishment-feed';
import type { World } from '../world/world';
import { receivedEvent, transferEvent } from './stock-moves';

/**
 * The envelope source of the desk's deliveries: a seq line of its own, because they are
 * planned as orders come in, apart from the warehouse's own nightly timeline (`WMS`).
 */
export const ORDER_DESK_SOURCE = 'WMS-ORDERS';

export interface OrderDeskStats {
  /** Orders seen for the first time (by id). */
  taken: number;
  /** Orders whose id was already taken: Kafka delivers at least once. */
  duplicates: number;
  /** Orders for a location or SKU the chain does not have: ignored. */
  unknown: number;
  /** Orders not `open` (an update saying one was received): nothing to deliver. */
  notOpen: number;
  /** Deliveries made, and the units they brought. */
  delivered: number;
  unitsDelivered: number;
  /** Units ordered but not picked: the warehouse had fewer, or its supplier is short. */
  unitsShort: number;
}

export interface OrderDeskOptions {
  feed: ReplenishmentFeed;
  /** Simulated ms from taking an order in to delivering it. */
  leadTime: number;
  /** Event time from which the desk takes orders in (before it, the nightly transfers refill the stores). */
  from: number;
}

/** An order picked: what will be delivered, and where. */
interface Picked {
  locationId: string;
  skuIndex: number;
  qty: number;
}

/**
 * The warehouse's order desk: takes in Tillstream's replenishment orders as the
 * simulation's time advances, picks each open order once when it takes it in — for a
 * store, as much as the warehouse has available (the goods leave its shelves then); for
 * the warehouse itself, a supplier's delivery (none for SKUs the supplier is short of) —
 * and delivers a lead time later: a `stock.transferred` or a `stock.received`, whose
 * goods reach the shelves, the book (the truth) and the counts when it is emitted.
 * Orders the chain cannot place are counted and ignored. No backorders: what could not
 * be picked is left to the next order.
 */
export class OrderDesk {
  readonly stats: OrderDeskStats = { taken: 0, duplicates: 0, unknown: 0, notOpen: 0, delivered: 0, unitsDelivered: 0, unitsShort: 0 };
  private readonly seen = new Set<string>();
  private readonly skuIndex: Map<string, number>;
  private readonly due = new Agenda<Picked>();

  constructor(
    private readonly world: World,
    private readonly opts: OrderDeskOptions,
  ) {
    this.skuIndex = new Map(world.chain.skus.map((s) => [s.sku, s.index]));
  }

  source(): SimSource {
    return { id: ORDER_DESK_SOURCE, events: { next: () => this.nextDelivery() }, takeIn: (t) => this.takeIn(t) };
  }

  /**
   * Takes in what the feed has by `t`; true when a delivery was planned. The lead time
   * is the same for every order and `t` only grows, so deliveries come due in the order
   * they were planned, and the source's events keep time order.
   */
  private takeIn(t: number): boolean {
    if (t < this.opts.from) return false;
    let planned = false;
    for (const order of this.opts.feed.poll(t)) {
      const picked = this.accept(order) ? this.pick(order) : undefined;
      if (!picked) continue;
      this.due.add(t + this.opts.leadTime, picked);
      planned = true;
    }
    return planned;
  }

  private accept(order: ReplenishmentOrder): boolean {
    if (this.seen.has(order.id)) {
      this.stats.duplicates++;
      return false;
    }
    this.seen.add(order.id);
    this.stats.taken++;
    if (order.state !== 'open') {
      this.stats.notOpen++;
      return false;
    }
    if (!this.world.shelf.has(order.locationId) || !this.skuIndex.has(order.sku)) {
      this.stats.unknown++;
      return false;
    }
    return true;
  }

  private pick(order: ReplenishmentOrder): Picked | undefined {
    const skuIndex = this.skuIndex.get(order.sku)!;
    const dc = this.world.chain.warehouse.id;
    const fromSupplier = order.locationId === dc;
    const qty = fromSupplier ? (this.world.shortages.has(skuIndex) ? 0 : order.qty) : Math.min(order.qty, Math.max(0, this.world.available(dc, skuIndex)));
    this.stats.unitsShort += order.qty - qty;
    if (qty <= 0) return undefined;
    if (!fromSupplier) this.world.takeFromShelf(dc, skuIndex, qty);
    return { locationId: order.locationId, skuIndex, qty };
  }

  /** The next delivery due; done (for now) when none is planned. */
  private nextDelivery(): IteratorResult<SimEvent, void> {
    const next = this.due.take();
    if (!next) return { done: true, value: undefined };
    const { t, item: p } = next;
    const dc = this.world.chain.warehouse.id;
    const e = p.locationId === dc ? receivedEvent(this.world, p.skuIndex, p.qty, t) : transferEvent(this.world, p.locationId, p.skuIndex, p.qty, t);
    const book = e.fx!;
    e.fx = () => {
      book();
      this.world.putOnShelf(p.locationId, p.skuIndex, p.qty);
      this.stats.delivered++;
      this.stats.unitsDelivered += p.qty;
    };
    return { done: false, value: e };
  }
}
