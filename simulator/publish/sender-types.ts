import type kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../../lib/log';

/** The journal sender's options, state and events (see journal-sender.ts). */
export type Compression = (typeof kafkajs.CompressionTypes)[keyof typeof kafkajs.CompressionTypes];

export type SenderState = 'connected' | 'offline';

export interface SenderStats {
  state: SenderState;
  /** Records appended to the registered journals and not yet acknowledged by Kafka. */
  pendingRecords: number;
  /** Records acknowledged by Kafka since this sender started. */
  sentRecords: number;
  /** Failed connects and sends (each is retried). */
  sendErrors: number;
  lastError?: string;
  /** ISO time of the last acknowledged batch. */
  lastSentAt?: string;
  /** Records of the batch being sent (or waiting to be resent). */
  inFlightRecords: number;
  /** Producer sessions used (a new one after a fatal producer error). */
  producerSessions: number;
  journals: number;
}

export interface StateChange {
  state: SenderState;
  previous: SenderState;
  pendingRecords: number;
  error?: string;
}

export interface FlushInfo {
  records: number;
  bytes: number;
  sources: number;
  durationMs: number;
}

export interface CaughtUpInfo {
  /** Records sent between going offline and the backlog reaching zero. */
  records: number;
  /** From going offline to the backlog reaching zero. */
  offlineMs: number;
}

export interface JournalSenderEvents {
  /** 'offline': a send failed or hangs; 'connected': a send (or the first connect) worked. */
  state: [StateChange];
  /** A batch was acknowledged and acked in its journals. */
  flush: [FlushInfo];
  /** After an offline period, everything durable was sent. */
  caughtUp: [CaughtUpInfo];
}

export interface JournalSenderOptions {
  brokers: string[];
  log: Logger;
  clientId?: string;
  /** Records per flush, across all journals. Default 5000. */
  maxBatchRecords?: number;
  /** Bytes per flush (by `recordBytes`), across all journals. Default 1 MiB (see above). */
  maxBatchBytes?: number;
  compression?: Compression;
  /** Backoff after a failed send: from `backoffMinMs`, doubling, up to `backoffMaxMs`. Default 200 / 5000. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** How often an idle loop looks for new records, in ms. Default 20. `flushNow()` wakes it at once. */
  idleMs?: number;
  /** A send still running after this long makes the state 'offline'. Default 3000. */
  offlineAfterMs?: number;
  /** Level of kafkajs's own log lines; default: `log`'s level, but at least 'error' (it is chatty during an outage). */
  kafkaLogLevel?: string;
  /** The client to make producers with; default `createKafka` from lib (tests pass a fake). */
  kafka?: Pick<Kafka, 'producer'>;
}

