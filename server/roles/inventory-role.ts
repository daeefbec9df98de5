import { createRedis } from '../../lib/clients/redis';
import { runWorker } from '../../workers/harness/run-worker';
import { createInventory } from '../../workers/inventory/inventory';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/** The inventory worker: events.validated → stock per SKU × location in Redis. Scales by its consumer group. */
export const inventoryRole: Role = {
  name: 'inventory',
  description: 'live stock per SKU × location in Redis from events.validated (on hand, reserved, counts and shrink)',
  needsClickHouse: false,
  streamWorker: true,
  start: async (ctx) => {
    const { endpoints, log } = ctx;
    const ilog = log.child({ role: 'inventory' });
    const redis = createRedis(endpoints.redisUrl, 'tillstream-inventory');
    redis.on('error', (err: Error) => ilog.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => ilog.warn({ err: err.message }, 'redis not reachable yet'));
    const worker = await runWorker(createInventory({ redis, log: ilog }), workerOptions(ctx, 'inventory', ilog, redis));
    return async () => {
      await worker.stop();
      redis.disconnect();
    };
  },
};
