import { Kafka, logLevel, type LogEntry, type RetryOptions } from 'kafkajs';
import type { Logger } from '../log';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Retriable errors kafkajs logs while a fresh broker loads its coordinator (noise at
 * start), and its warning about idempotent producers with a short retry ladder: ours
 * retry whole batches themselves (the same bytes, the same seqs), on purpose.
 */
const TRANSIENT = /coordinator is loading|not the correct coordinator|coordinator is not available|leader is not available|Limiting retries for the idempotent producer/i;

/**
 * `retry` replaces the client's retry ladder (by default 8 retries from 200 ms, about a
 * minute in all): producers that must notice an outage and reconnect fast pass a short one.
 */
export function createKafka(opts: { brokers: string[]; clientId: string; log: Logger; retry?: RetryOptions }): Kafka {
  const log = opts.log.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: opts.retry ?? { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        const lvl = TRANSIENT.test(`${message} ${String(rest.error ?? '')}`) ? 'debug' : (LEVELS[level] ?? 'info');
        log[lvl]({ ...rest, timestamp: undefined, logger: undefined }, message);
      },
  });
}

export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}
