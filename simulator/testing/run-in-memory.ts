import { createLogger } from '../../lib/log';
import type { Delivery } from '../faults/fault-injector';
import type { ReplenishmentFeed } from '../orders/replenishment-feed';
import type { PromotionFeed } from '../promotions/promotion-feed';
import { simulate, type RunOptions, type RunResult } from '../run/simulate';

/** A small, fast chain for tests: one simulated day of 3 stores, all at once, kept in memory. */
export function smallRun(overrides: Partial<RunOptions> = {}): RunOptions {
  const start = Date.parse('2026-11-20T00:00:00Z');
  return {
    seed: 11,
    stores: 3,
    tills: 4,
    skus: 300,
    dishonest: 2,
    start,
    liveFrom: start,
    end: start + 86_400_000,
    accel: Number.POSITIVE_INFINITY,
    rate: Number.POSITIVE_INFINITY,
    faults: { duplicates: 0, malformed: 0, offline: [] },
    ...overrides,
  };
}

export async function runInMemory(opts: RunOptions, orders?: ReplenishmentFeed, promotions?: PromotionFeed): Promise<RunResult & { deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const result = await simulate(
    opts,
    {
      write: async (batch) => {
        for (const d of batch) deliveries.push(d);
      },
      backlog: () => 0,
      close: async () => undefined,
    },
    { log: createLogger({ level: 'silent' }), orders, promotions },
  );
  return { ...result, deliveries };
}
