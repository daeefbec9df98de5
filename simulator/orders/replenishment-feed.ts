import type { ReplenishmentOrder } from '../../lib/inventory/stock-alerts';

/**
 * Where the warehouse's replenishment orders come from. The simulation pulls as its
 * event time advances (the order desk, once a simulated minute); the orders a poll
 * returns are taken in at `until`.
 */
export interface ReplenishmentFeed {
  /** The orders that arrived since the last poll; `until` is the simulation's event time now. */
  poll(until: number): ReplenishmentOrder[];
}

export const NO_ORDERS: ReplenishmentFeed = { poll: () => [] };

/**
 * A feed of known orders (tests, replays): each arrives when the simulation reaches its
 * `createdAt`, so a run with one seed and one list is the same every time.
 */
export function listFeed(orders: readonly ReplenishmentOrder[]): ReplenishmentFeed {
  const queue = [...orders].sort((a, b) => a.createdAt - b.createdAt);
  let next = 0;
  return {
    poll(until) {
      const first = next;
      while (next < queue.length && queue[next]!.createdAt <= until) next++;
      return queue.slice(first, next);
    },
  };
}
