import type { Consumer } from 'kafkajs';
import { createKafka } from '../../lib/clients/kafka';
import { replenishmentOrderSchema, type ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import type { Logger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import type { ReplenishmentFeed } from './replenishment-feed';

/** The warehouse's own consumer group on `replenishment.orders`. */
export const ORDER_FEED_GROUP = 'tillstream-simulator-warehouse';
const RECONNECT_MS = 5000;

export interface KafkaOrderFeed extends ReplenishmentFeed {
  close(): Promise<void>;
}

/**
 * The replenishment orders on Kafka, for the simulator's warehouse. Messages are
 * validated with the contract's schema (a bad one is logged and skipped) and wait in
 * memory for the simulation's next poll. Offsets are committed one poll late: by then
 * the orders of the previous poll are in the run's order log (`order-log.ts`), so a
 * crash loses none; the ones read again are dropped by id. Never blocks the run: while
 * Kafka is unreachable it keeps trying, and polls return nothing.
 */
export function openKafkaOrderFeed(opts: { brokers: string[]; log: Logger; groupId?: string }): KafkaOrderFeed {
  const log = opts.log.child({ component: 'order-feed' });
  const kafka = createKafka({ brokers: opts.brokers, clientId: 'tillstream-simulator-warehouse', log });
  const arrived: ReplenishmentOrder[] = [];
  /** Next offset per partition: of what has arrived, and of what the last poll handed over. */
  const read = new Map<number, string>();
  let handedOver = new Map<number, string>();
  const committed = new Map<number, string>();
  let consumer: Consumer | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const commit = async (offsets: Map<number, string>) => {
    const topic = TOPICS.replenishmentOrders.name;
    const moved = [...offsets].filter(([partition, offset]) => committed.get(partition) !== offset);
    if (!consumer || moved.length === 0) return;
    try {
      await consumer.commitOffsets(moved.map(([partition, offset]) => ({ topic, partition, offset })));
      for (const [partition, offset] of moved) committed.set(partition, offset);
    } catch (err) {
      // Not fatal: the orders are in the log; read again after a restart, they are dropped by id.
      log.debug({ err }, 'replenishment order offsets not committed');
    }
  };

  const start = async () => {
    const c = kafka.consumer({ groupId: opts.groupId ?? ORDER_FEED_GROUP });
    try {
      consumer = c;
      await c.connect();
      await c.subscribe({ topic: TOPICS.replenishmentOrders.name, fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const order = parseOrder(message.value, log, { partition, offset: message.offset });
          if (order) arrived.push(order);
          read.set(partition, String(BigInt(message.offset) + 1n));
        },
      });
      log.info({ topic: TOPICS.replenishmentOrders.name, groupId: opts.groupId ?? ORDER_FEED_GROUP }, 'the warehouse takes replenishment orders from Kafka');
    } catch (err) {
      consumer = undefined;
      await c.disconnect().catch(() => undefined);
      if (closed) return;
      log.warn({ err }, `replenishment orders unreachable: trying again in ${RECONNECT_MS / 1000} s`);
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
    },
  };
}

function parseOrder(value: Buffer | null, log: Logger, at: { partition: number; offset: string }): ReplenishmentOrder | undefined {
  try {
    const r = replenishmentOrderSchema.safeParse(JSON.parse(String(value)));
    if (r.success) return r.data;
    log.warn({ ...at, issues: r.error.issues.slice(0, 3) }, 'skipping a replenishment order that does not match the contract');
  } catch {
    log.warn(at, 'skipping a replenishment order that is not JSON');
  }
  return undefined;
}
