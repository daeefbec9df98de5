import { replenishmentOrderSchema, type ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import { FeedLog } from '../feeds/feed-log';
import type { ReplenishmentFeed } from './replenishment-feed';

/**
 * The orders a Kafka-fed run took in, and at which event time (`{"at":…,"order":…}` lines):
 * a restarted run replays them at the same points (`FeedLog`).
 */
export class OrderLog extends FeedLog<ReplenishmentOrder> {
  constructor(file: string, inner: ReplenishmentFeed, frontier: number) {
    super(file, inner, frontier, { key: 'order', parse: (raw) => replenishmentOrderSchema.parse(raw) });
  }
}
