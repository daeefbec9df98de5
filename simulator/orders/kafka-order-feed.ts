import { replenishmentOrderSchema, type ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import type { Logger } from '../../lib/log';
import { TOPICS } from '../../lib/topics';
import { openKafkaFeed, type KafkaFeed } from '../../lib/clients/kafka-feed';

/** The warehouse's own consumer group on `replenishment.orders`. */
export const ORDER_FEED_GROUP = 'tillstream-simulator-warehouse';

export type KafkaOrderFeed = KafkaFeed<ReplenishmentOrder>;

/**
 * The replenishment orders on Kafka, for the simulator's warehouse (`openKafkaFeed`): each
 * checked with the contract's schema (`lib/inventory/stock-alerts.ts`), offsets committed
 * once the order log has them.
 */
export function openKafkaOrderFeed(opts: { brokers: string[]; log: Logger; groupId?: string }): KafkaOrderFeed {
  return openKafkaFeed({
    brokers: opts.brokers,
    log: opts.log,
    topic: TOPICS.replenishmentOrders.name,
    groupId: opts.groupId ?? ORDER_FEED_GROUP,
    clientId: 'tillstream-simulator-warehouse',
    what: 'replenishment order',
    parse: (json) => {
      const r = replenishmentOrderSchema.safeParse(json);
      return r.success ? { ok: true, item: r.data } : { ok: false, issues: r.error.issues.slice(0, 3) };
    },
  });
}
