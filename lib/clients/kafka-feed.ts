import type { Consumer } from 'kafkajs';
import { createKafka } from './kafka';
import type { Logger } from '../log';

const RECONNECT_MS = 5000;

/** What arrived since the last poll (the simulator's feeds: `until` is its event time now; others may ignore it). */
export interface KafkaFeed<T> {
  poll(until?: number): T[];
  close(): Promise<void>;
}

/** A message's value checked against the contract: the item, or why it is not one. */
export type FeedParse<T> = { ok: true; item: T } | { ok: false; issues: unknown };

export interface KafkaFeedOptions<T> {
  brokers: string[];
  log: Logger;
  topic: string;
  groupId: string;
  clientId: string;
  /** What the items are, for log lines ("replenishment order"). */
  what: string;
  /** Checks one message's JSON value with the contract's schema. */
  parse: (json: unknown) => FeedParse<T>;
  /**
   * A group of this process alone, read from the beginning at every start (the web tier's view
   * of hq.promotions): no offsets are committed, and the group is deleted when the feed closes,
   * so that groups of processes come and gone do not pile up in Kafka. One that crashed has no
   * offsets either, and the broker drops it once empty.
   */
  ephemeral?: boolean;
}

/**
 * A topic read into a process (the simulation's feeds, the web tier's view of hq.promotions), from the beginning for a new consumer group. Messages
 * are validated (`parse`; a bad one is logged and skipped, a tombstone of a compacted topic
 * skipped quietly) and wait in memory for the simulation's next poll. Offsets are committed
 * one poll late: by then the items of the previous poll are in the run's feed log
 * (`feed-log.ts`), so a crash loses none; the ones read again are dropped by their consumer
 * (by id). Never blocks the run: while Kafka is unreachable it keeps trying to connect, and
 * polls return nothing.
 */
export function openKafkaFeed<T>(opts: KafkaFeedOptions<T>): KafkaFeed<T> {
  const log = opts.log.child({ component: `${opts.what.replaceAll(' ', '-')}-feed` });
  const kafka = createKafka({ brokers: opts.brokers, clientId: opts.clientId, log });
  const arrived: T[] = [];
  /** Next offset per partition: of what has arrived, and of what the last poll handed over. */
  const read = new Map<number, string>();
  let handedOver = new Map<number, string>();
  const committed = new Map<number, string>();
  let consumer: Consumer | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const commit = async (offsets: Map<number, string>) => {
    if (opts.ephemeral) return;
    const moved = [...offsets].filter(([partition, offset]) => committed.get(partition) !== offset);
    if (!consumer || moved.length === 0) return;
    try {
      await consumer.commitOffsets(moved.map(([partition, offset]) => ({ topic: opts.topic, partition, offset })));
      for (const [partition, offset] of moved) committed.set(partition, offset);
    } catch (err) {
      // Not fatal: the items are in the log; read again after a restart, they are dropped by id.
      log.debug({ err }, `${opts.what} offsets not committed`);
    }
  };

  const parse = (value: Buffer | null, at: { partition: number; offset: string }): T | undefined => {
    if (value === null) return undefined;
    try {
      const r = opts.parse(JSON.parse(String(value)));
      if (r.ok) return r.item;
      log.warn({ ...at, issues: r.issues }, `skipping a ${opts.what} that does not match the contract`);
    } catch {
      log.warn(at, `skipping a ${opts.what} that is not JSON`);
    }
    return undefined;
  };

  const start = async () => {
    const c = kafka.consumer({ groupId: opts.groupId });
    try {
      consumer = c;
      await c.connect();
      await c.subscribe({ topic: opts.topic, fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const item = parse(message.value, { partition, offset: message.offset });
          if (item !== undefined) arrived.push(item);
          read.set(partition, String(BigInt(message.offset) + 1n));
        },
      });
      log.info({ topic: opts.topic, groupId: opts.groupId }, `reading ${opts.what}s from Kafka`);
    } catch (err) {
      consumer = undefined;
      await c.disconnect().catch(() => undefined);
      if (closed) return;
      log.warn({ err }, `${opts.what}s unreachable: trying again in ${RECONNECT_MS / 1000} s`);
      retry = setTimeout(() => void start(), RECONNECT_MS);
    }
  };
  void start();

  return {
    poll() {
      void commit(handedOver);
      handedOver = new Map(read);
      return arrived.splice(0);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await commit(handedOver);
      await consumer?.disconnect();
      if (opts.ephemeral && consumer) await deleteGroup(kafka, opts.groupId, log);
    },
  };
}

/** Deletes a consumer group that has left (best effort: the broker drops an empty group without offsets anyway). */
async function deleteGroup(kafka: ReturnType<typeof createKafka>, groupId: string, log: Logger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch (err) {
    log.debug({ err, groupId }, 'consumer group not deleted');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
