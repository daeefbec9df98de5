import { createRedis } from '../../lib/clients/redis';
import { runWorker } from '../../workers/harness/run-worker';
import { startSalesVelocity } from '../../workers/inventory/sales-velocity';
import { createSinkWorker } from '../../workers/sink/sink-worker';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/**
 * The history sink: events.validated → ClickHouse (`events` and the rollups). It needs
 * the ClickHouse client, so with embedded chDB it runs in the process that owns the
 * store (with the web tier); with CLICKHOUSE_URL anywhere.
 */
export const sinkRole: Role = {
  name: 'sink',
  description: 'the history sink: events.validated into ClickHouse (events journal and rollups); refreshes the inventory sales velocity from it',
  needsClickHouse: true,
  streamWorker: true,
  start: async (ctx) => {
    const { endpoints, log, clickhouse } = ctx;
    if (!clickhouse) throw new Error('sink role started without a ClickHouse client');
    const slog = log.child({ role: 'sink' });
    const redis = createRedis(endpoints.redisUrl, 'tillstream-sink');
    redis.on('error', (err: Error) => slog.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => slog.warn({ err: err.message }, 'redis not reachable yet'));
    const worker = await runWorker(createSinkWorker({ clickhouse, redis, log: slog }), workerOptions(ctx, 'sink', slog, redis));
    // The inventory's sales velocity comes from history: refreshed where ClickHouse is.
    const stopVelocity = startSalesVelocity(clickhouse, redis, slog);
    return async () => {
      await stopVelocity();
      await worker.stop();
      redis.disconnect();
    };
  },
};
