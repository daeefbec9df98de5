import { z } from 'zod';
import { thresholdSeedSchema } from '../alerts/alert-thresholds';

/**
 * The one configuration of every Tillstream process, read once at start.
 *
 * A service address that is set (KAFKA_BROKERS, REDIS_URL, CLICKHOUSE_URL) means
 * "use that external service and do not start one". When it is unset, the process
 * that runs the supervisor starts the local one on the *_PORT given here.
 */
const port = z.coerce.number().int().min(1).max(65535);
const optionalNonEmpty = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Comma-separated host:port list of an existing Kafka cluster. */
  KAFKA_BROKERS: optionalNonEmpty.pipe(
    z
      .string()
      .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'expected host:port[,host:port…]')
      .optional(),
  ),
  /** redis://[user:password@]host:port[/db] of an existing Redis. */
  REDIS_URL: optionalNonEmpty.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/.+/, 'expected redis://host:port or rediss://…')
      .optional(),
  ),
  /** http(s)://[user:password@]host:port of a ClickHouse server; unset = embedded chDB. */
  CLICKHOUSE_URL: optionalNonEmpty.pipe(
    z
      .string()
      .regex(/^https?:\/\/.+/, 'expected http(s)://host:port')
      .optional(),
  ),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('default'),
  /** Ports of the local infrastructure the supervisor starts when no address is set. */
  KAFKA_PORT: port.default(9092),
  KAFKA_CONTROLLER_PORT: port.default(9093),
  REDIS_PORT: port.default(6390),
  /** Heap of the local Kafka broker in MB (the issue caps it at 512). */
  KAFKA_HEAP_MB: z.coerce.number().int().min(128).max(512).default(512),
  /** Comma-separated roles this process runs; "all" = every role (see server/roles). */
  ROLES: z.string().trim().min(1).default('all'),
  /** Options of the simulator role, as for `npm run simulate` (see simulator/README.md). */
  SIMULATOR_ARGS: z.string().trim().default('--history 8d'),
  /**
   * Key that signs session cookies (at least 32 characters, checked by server/auth), shared by every web instance.
   * Unset: one is generated once and kept in Redis. Never logged.
   */
  SESSION_SECRET: optionalNonEmpty,
  /**
   * Bearer token a Prometheus scraper sends to GET /api/metrics (`Authorization: Bearer <token>`).
   * Unset: only an admin session may read the metrics. Never logged.
   */
  METRICS_TOKEN: optionalNonEmpty,
  /**
   * Alert thresholds as code: JSON of scope → setting, e.g. `{"chain":{"dlqPerMinute":25},"store:S003":{"offlineAfterMinutes":10}}`
   * (lib/alerts/alert-thresholds.ts). The alerts role writes a scope's setting when it has none yet: a change made on the page wins.
   */
  ALERT_THRESHOLDS: optionalNonEmpty.pipe(
    z
      .string()
      .transform((v, ctx) => {
        try {
          return JSON.parse(v) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'expected JSON, e.g. {"store:S003":{"offlineAfterMinutes":10}}' });
          return z.NEVER;
        }
      })
      .pipe(thresholdSeedSchema)
      .optional(),
  ),
  /** How often the alerts role evaluates its condition rules (store offline, revenue, till gaps, dead letters, consumer lag), in ms. */
  ALERTS_EVALUATE_EVERY_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** IANA timezone of the chain's HQ: the day of the warehouse and of web orders of locations that are not stores (docs/kpis.md). */
  HQ_TIMEZONE: z
    .string()
    .trim()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA timezone such as Europe/Madrid')
    .default('Europe/Madrid'),
  /**
   * Fault injection for crash tests only: `<worker>:<n>` makes that worker's process kill
   * itself with SIGKILL after the writes of its n-th batch, before committing its offsets.
   */
  FAULT_KILL_AFTER_WRITES: optionalNonEmpty.pipe(
    z
      .string()
      .regex(/^[a-z-]+:[1-9][0-9]*$/, 'expected <worker>:<batch number>, e.g. aggregator:5')
      .optional(),
  ),
  /** How long an ordered shutdown may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20000),
});

export type Config = z.infer<typeof configSchema>;
