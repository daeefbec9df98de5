import { createRedis } from '../../lib/clients/redis';
import { runWorker } from '../../workers/harness/run-worker';
import { createValidator } from '../../workers/validator/validator';
import type { Role } from './role';
import { workerOptions } from './worker-options';

/** The validator: every input topic → events.validated or events.dlq. Scales by its consumer group. */
export const validatorRole: Role = {
  name: 'validator',
  description: 'checks every input event (contract, receipts, known stores, duplicates) into events.validated or events.dlq',
  needsClickHouse: false,
  streamWorker: true,
  start: async (ctx) => {
    const { endpoints, log } = ctx;
    const vlog = log.child({ role: 'validator' });
    const redis = createRedis(endpoints.redisUrl, 'tillstream-validator');
    redis.on('error', (err: Error) => vlog.debug({ err: err.message }, 'redis client error'));
    await redis.connect().catch((err: Error) => vlog.warn({ err: err.message }, 'redis not reachable yet'));
    const validator = createValidator({ redis, log: vlog });
    const [masterData, events] = await Promise.all([
      runWorker(validator.masterData, workerOptions(ctx, validator.masterData.name, vlog, redis)),
      runWorker(validator.events, workerOptions(ctx, validator.events.name, vlog, redis)),
    ]);
    return async () => {
      await Promise.all([events.stop(), masterData.stop()]);
      redis.disconnect();
    };
  },
};
