import { createAlertStore } from '../../lib/alerts/alert-store';
import { createRedis } from '../../lib/clients/redis';
import { createAlertsWorker } from '../../workers/alerts/alerts-worker';
import { startAlertConditions } from '../../workers/alerts/condition-loop';
import { runWorker } from '../../workers/harness/run-worker';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/** The alerts worker: the `alerts` topic and the condition rules → the unified alerts in Redis, their history in ClickHouse. */
export const alertsRole: Role = {
  name: 'alerts',
  description: 'keeps every alert in one model (the alerts topic, store offline and revenue below rules every 30 s), history in ClickHouse',
  needsClickHouse: true,
  streamWorker: true,
  start: async (ctx) => {
    const log = ctx.log.child({ role: 'alerts' });
    if (!ctx.clickhouse) throw new Error('alerts role started without a ClickHouse client');
    const redis = createRedis(ctx.endpoints.redisUrl, 'tillstream-alerts');
    redis.on('error', (err: Error) => log.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => log.warn({ err: err.message }, 'redis not reachable yet'));
    const alerts = createAlertStore(redis);
    const worker = await runWorker(createAlertsWorker({ alerts }), workerOptions(ctx, 'alerts', log, redis));
    const stopConditions = startAlertConditions({ redis, alerts, ch: ctx.clickhouse, log });
    return async () => {
      await stopConditions();
      await worker.stop();
      redis.disconnect();
    };
  },
};
