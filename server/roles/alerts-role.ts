import { createAlertStore } from '../../lib/alerts/alert-store';
import { createThresholdStore } from '../../lib/alerts/alert-thresholds';
import { createKafka } from '../../lib/clients/kafka';
import { createRedis } from '../../lib/clients/redis';
import { readConsumerLag } from '../../lib/ops/consumer-lag';
import { createAlertsWorker } from '../../workers/alerts/alerts-worker';
import { startAlertConditions } from '../../workers/alerts/condition-loop';
import { runWorker } from '../../workers/harness/run-worker';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/** The alerts worker: the `alerts` topic and the condition rules → the unified alerts in Redis, their history in ClickHouse. */
export const alertsRole: Role = {
  name: 'alerts',
  description: 'keeps every alert in one model (the alerts topic; store offline, revenue below, till gap, dead-letter rate and consumer lag rules every 30 s), history in ClickHouse',
  needsClickHouse: true,
  streamWorker: true,
  start: async (ctx) => {
    const log = ctx.log.child({ role: 'alerts' });
    if (!ctx.clickhouse) throw new Error('alerts role started without a ClickHouse client');
    const redis = createRedis(ctx.endpoints.redisUrl, 'tillstream-alerts');
    redis.on('error', (err: Error) => log.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => log.warn({ err: err.message }, 'redis not reachable yet'));
    const alerts = createAlertStore(redis);
    if (ctx.config.ALERT_THRESHOLDS) {
      // Thresholds as code: each scope without a setting gets the configured one (a change made on the page wins).
      await createThresholdStore(redis)
        .seed(ctx.config.ALERT_THRESHOLDS, { by: 'ALERT_THRESHOLDS', at: new Date().toISOString() })
        .then((written) => written.length && log.info({ scopes: written }, 'alert thresholds seeded from ALERT_THRESHOLDS'))
        .catch((err: Error) => log.warn({ err: err.message }, 'ALERT_THRESHOLDS not seeded (Redis not reachable); the next start tries again'));
    }
    const worker = await runWorker(createAlertsWorker({ alerts }), workerOptions(ctx, 'alerts', log, redis));
    // Consumer lag is read from Kafka itself; a failed read fails that run only (the next one retries).
    const kafkaAdmin = createKafka({ brokers: ctx.endpoints.kafkaBrokers, clientId: 'tillstream-alerts-lag', log }).admin({ retry: { retries: 0 } });
    await kafkaAdmin.connect().catch((err: Error) => log.warn({ err: err.message }, 'kafka not reachable yet'));
    const stopConditions = startAlertConditions({
      redis,
      alerts,
      ch: ctx.clickhouse,
      log,
      readLag: () => readConsumerLag(kafkaAdmin),
      everyMs: ctx.config.ALERTS_EVALUATE_EVERY_MS,
    });
    return async () => {
      await stopConditions();
      await worker.stop();
      await kafkaAdmin.disconnect().catch(() => undefined);
      redis.disconnect();
    };
  },
};
