import path from 'node:path';
import { createKafka } from '../lib/clients/kafka';
import { endpointsFor, type Endpoints } from '../lib/config/endpoints';
import type { Config } from '../lib/config/schema';
import type { Logger } from '../lib/log';
import { LockHeldError, claimPidLock } from '../lib/pid-lock';
import { ALL_TOPICS } from '../lib/topics';
import { createKafkaNode } from './kafka/kafka-node';
import { provisionTopics } from './kafka/provision-topics';
import type { ManagedProcess } from './process/managed-process';
import { createRedisNode } from './redis/redis-node';

export { endpointsFor, type Endpoints } from '../lib/config/endpoints';

export interface LocalInfra {
  endpoints: Endpoints;
  /** The processes this supervisor runs (none when every service is external). */
  processes: Record<string, ManagedProcess>;
  /** Starts the local processes (in parallel) and provisions the topics. */
  start: () => Promise<void>;
  /** Stops whatever was started, also in the middle of start(). */
  stop: () => Promise<void>;
}

export class AlreadyRunningError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `Tillstream is already running on the data directory ${dataDir} (process ${pid}). ` +
        'Stop it first (Ctrl-C in its terminal, or kill ' + pid + '), or give this one another DATA_DIR.',
    );
    this.name = 'AlreadyRunningError';
  }
}

function claimSupervisor(dataDir: string): () => void {
  try {
    return claimPidLock(path.join(dataDir, 'run', 'supervisor.pid'));
  } catch (err) {
    if (err instanceof LockHeldError) throw new AlreadyRunningError(dataDir, err.ownerPid);
    throw err;
  }
}

/**
 * Kafka and Redis run here when no address is configured for them; the contract's
 * topics are provisioned either way. ClickHouse is embedded in the process that owns
 * it (see lib/clickhouse/embedded-owner), so here it is only an address.
 */
export async function createLocalInfra(config: Config, log: Logger): Promise<LocalInfra> {
  const processes: Record<string, ManagedProcess> = {};
  const runsLocal = !config.REDIS_URL || !config.KAFKA_BROKERS;
  // One supervisor per data directory: a second one would take the first one's
  // running Kafka and Redis for leftovers of a crash and stop them.
  const release = runsLocal ? claimSupervisor(config.DATA_DIR) : () => undefined;
  if (!config.REDIS_URL) processes.redis = createRedisNode({ dataDir: config.DATA_DIR, port: config.REDIS_PORT, log });
  if (!config.KAFKA_BROKERS) {
    processes.kafka = await createKafkaNode({
      dataDir: config.DATA_DIR,
      port: config.KAFKA_PORT,
      controllerPort: config.KAFKA_CONTROLLER_PORT,
      heapMb: config.KAFKA_HEAP_MB,
      log,
    });
  }
  const endpoints = endpointsFor(config);
  const all = Object.values(processes);
  return {
    endpoints,
    processes,
    start: async () => {
      const results = await Promise.allSettled(all.map((p) => p.start()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const admin = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'tillstream-provision', log }).admin();
      await admin.connect();
      try {
        await provisionTopics(admin, ALL_TOPICS, log);
      } finally {
        await admin.disconnect();
      }
    },
    stop: async () => {
      // Kafka first: it may still flush to disk; Redis keeps serving until the end.
      for (const p of [processes.kafka, processes.redis]) await p?.stop();
      release();
    },
  };
}
