import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../log';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Retriable errors kafkajs logs while a fresh broker loads its coordinator: noise at start. */
const TRANSIENT = /coordinator is loading|not the correct coordinator|leader is not available/i;

export function createKafka(opts: { brokers: string[]; clientId: string; log: Logger }): Kafka {
  const log = opts.log.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8 },
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
