import path from 'node:path';
import type { ClickHouseTarget } from '../clients/clickhouse';
import { parseBrokers } from '../clients/kafka';
import type { Config } from './schema';

/** Where every role finds the shared services, local or external. */
export interface Endpoints {
  kafkaBrokers: string[];
  redisUrl: string;
  clickhouse: ClickHouseTarget;
}

/** The configured address of each service, or the local one the supervisor starts on its port. */
export function endpointsFor(config: Config): Endpoints {
  return {
    kafkaBrokers: config.KAFKA_BROKERS ? parseBrokers(config.KAFKA_BROKERS) : [`127.0.0.1:${config.KAFKA_PORT}`],
    redisUrl: config.REDIS_URL ?? `redis://127.0.0.1:${config.REDIS_PORT}`,
    clickhouse: config.CLICKHOUSE_URL
      ? { kind: 'server', url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE }
      : { kind: 'embedded', path: path.join(config.DATA_DIR, 'clickhouse'), database: config.CLICKHOUSE_DATABASE },
  };
}
