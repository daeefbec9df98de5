import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import type { Config } from '../../lib/config/schema';
import type { Logger } from '../../lib/log';
import type { Endpoints } from '../../infra/local-infra';

export interface RoleContext {
  config: Config;
  endpoints: Endpoints;
  log: Logger;
  /** Set in the process that runs a role with needsClickHouse. */
  clickhouse?: ClickHouseClient;
}

/** One thing a Tillstream process can run: the web tier, a worker, the sink, the simulator. */
export interface Role {
  name: string;
  description: string;
  /** Roles that read or write ClickHouse; with embedded chDB they must share one process. */
  needsClickHouse: boolean;
  /**
   * A stream worker (a consumer group on Kafka): the workers stop together, after the
   * simulator and before the web tier (server/lifecycle.ts addToGroup).
   */
  streamWorker?: boolean;
  /** Starts the role and returns how to stop it. */
  start: (ctx: RoleContext) => Promise<() => Promise<void>>;
}
