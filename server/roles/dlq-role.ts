import { createRedis } from '../../lib/clients/redis';
import { createDlqMonitor } from '../../workers/dlq/dlq-monitor';
import { runWorker } from '../../workers/harness/run-worker';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/** The DLQ monitor: events.dlq → dead letters by reason and redacted samples in Redis, for the operations view. */
export const dlqRole: Role = {
  name: 'dlq',
  description: 'counts the dead letters of events.dlq by worker and reason, with redacted samples, for the operations view',
  needsClickHouse: false,
  streamWorker: true,
  start: async (ctx) => {
    const log = ctx.log.child({ role: 'dlq' });
    const redis = createRedis(ctx.endpoints.redisUrl, 'tillstream-dlq');
    redis.on('error', (err: Error) => log.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => log.warn({ err: err.message }, 'redis not reachable yet'));
    const worker = await runWorker(createDlqMonitor({ redis }), workerOptions(ctx, 'dlq', log, redis));
    return async () => {
      await worker.stop();
      redis.disconnect();
    };
  },
};
