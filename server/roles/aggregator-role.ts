import { createRedis } from '../../lib/clients/redis';
import { createAggregator } from '../../workers/aggregator/aggregator';
import { runWorker } from '../../workers/harness/run-worker';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/** The live aggregator: events.validated → live counts, tops and freshness in Redis, live deltas per room. Scales by its consumer group. */
export const aggregatorRole: Role = {
  name: 'aggregator',
  description: 'live KPIs in Redis from events.validated (per minute, today, top SKUs, till freshness and gaps) and live deltas per room',
  needsClickHouse: false,
  streamWorker: true,
  start: async (ctx) => {
    const { config, endpoints, log } = ctx;
    const alog = log.child({ role: 'aggregator' });
    const redis = createRedis(endpoints.redisUrl, 'tillstream-aggregator');
    redis.on('error', (err: Error) => alog.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => alog.warn({ err: err.message }, 'redis not reachable yet'));
    const worker = await runWorker(createAggregator({ redis, log: alog, hqTimezone: config.HQ_TIMEZONE }), workerOptions(ctx, 'aggregator', alog, redis));
    return async () => {
      await worker.stop();
      redis.disconnect();
    };
  },
};
