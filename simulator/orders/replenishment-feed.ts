import type { ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import { emptyFeed, timedListFeed, type Feed } from '../feeds/feed';

/**
 * Where the warehouse's replenishment orders come from. The simulation pulls as its
 * event time advances (the order desk, once a simulated minute); the orders a poll
 * returns are taken in at `until`.
 */
export type ReplenishmentFeed = Feed<ReplenishmentOrder>;

export const NO_ORDERS: ReplenishmentFeed = emptyFeed();

/**
 * A feed of known orders (tests, replays): each arrives when the simulation reaches its
 * `createdAt`, so a run with one seed and one list is the same every time.
 */
export function listFeed(orders: readonly ReplenishmentOrder[]): ReplenishmentFeed {
  return timedListFeed(orders, (o) => o.createdAt);
}
