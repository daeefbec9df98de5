import { createRedis } from '../../lib/clients/redis';
import { createExceptions } from '../../workers/exceptions/exceptions';
import { runWorker } from '../../workers/harness/run-worker';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/** The loss-prevention exceptions worker: events.validated → exception metrics per cashier, till and store in Redis. Scales by its consumer group. */
export const exceptionsRole: Role = {
  name: 'exceptions',
  description: 'loss-prevention exception metrics in Redis from events.validated (voids, refunds, no-sale opens, overrides, discounts, cash shortages… per cashier, till and store, per day and shift), and the enabled loss rules: their hits to the `alerts` topic and the stores’ loss rooms',
  needsClickHouse: false,
  streamWorker: true,
  start: async (ctx) => {
    const { config, endpoints, log } = ctx;
    const xlog = log.child({ role: 'exceptions' });
    const redis = createRedis(endpoints.redisUrl, 'tillstream-exceptions');
    redis.on('error', (err: Error) => xlog.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => xlog.warn({ err: err.message }, 'redis not reachable yet'));
    const worker = await runWorker(createExceptions({ redis, log: xlog, hqTimezone: config.HQ_TIMEZONE }), workerOptions(ctx, 'exceptions', xlog, redis));
    return async () => {
      await worker.stop();
      redis.disconnect();
    };
  },
};
