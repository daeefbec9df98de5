import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import type { RunWorkerOptions } from '../../workers/harness/run-worker';
import type { RoleContext } from './role';

/** The harness options every worker role passes: brokers, log, counters in Redis, and the crash-test fault when it names this worker. */
export function workerOptions(ctx: RoleContext, worker: string, log: Logger, redis: Redis): RunWorkerOptions {
  const [name, n] = (ctx.config.FAULT_KILL_AFTER_WRITES ?? '').split(':');
  return { brokers: ctx.endpoints.kafkaBrokers, log, redis, killAfterWritesOfBatch: name === worker ? Number(n) : undefined };
}
