/**
 * How the warehouse refills the stores:
 * - `nightly`: by itself, each night up to every shelf's target (the chain on its own);
 * - `orders`: as Tillstream asks, fulfilling the replenishment orders of its inventory
 *   worker (`replenishment.orders`), so the demo's loop closes.
 */
export type ReplenishmentMode = 'nightly' | 'orders';

export interface Replenishment {
  mode: ReplenishmentMode;
  /** Simulated ms from the warehouse taking an order in to its delivery (default 2 h). */
  leadTime?: number;
  /**
   * Event time from which orders replace the nightly store transfers (default: the
   * run's `liveFrom`): the history before it is backfilled faster than any pipeline
   * could answer, so it keeps the nightly transfers.
   */
  from?: number;
}

export const DEFAULT_LEAD_TIME_MS = 2 * 3_600_000;
