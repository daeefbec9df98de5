/**
 * Every Kafka topic of the contract: its name, how its messages are keyed, and the
 * settings it is provisioned with. Producers, consumers and provisioning import it
 * from here; nothing else spells a topic name.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TopicSpec {
  name: string;
  /** What the message key is, for humans; the key functions below build it. */
  key: string;
  partitions: number;
  config: Record<string, string>;
}

const retention = (days: number) => ({ 'cleanup.policy': 'delete', 'retention.ms': String(days * DAY_MS) });
const compacted = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0', 'segment.ms': String(DAY_MS) };

export const TOPICS = {
  posEvents: { name: 'pos.events', key: 'storeId:tillId', partitions: 12, config: retention(3) },
  ecomEvents: { name: 'ecom.events', key: 'orderId', partitions: 6, config: retention(7) },
  warehouseEvents: { name: 'warehouse.events', key: 'locationId:sku', partitions: 6, config: retention(7) },
  hqPromotions: { name: 'hq.promotions', key: 'promotionId', partitions: 1, config: compacted },
  hqMasterdata: { name: 'hq.masterdata', key: 'entity id', partitions: 1, config: compacted },
  eventsValidated: { name: 'events.validated', key: 'source', partitions: 12, config: retention(7) },
  eventsDlq: { name: 'events.dlq', key: 'source', partitions: 3, config: retention(14) },
  alerts: { name: 'alerts', key: 'subject', partitions: 3, config: retention(14) },
  replenishmentOrders: { name: 'replenishment.orders', key: 'locationId:sku', partitions: 3, config: retention(14) },
} as const satisfies Record<string, TopicSpec>;

export const ALL_TOPICS: TopicSpec[] = Object.values(TOPICS);

/** MirrorMaker 2 names a store's replicated till topic `<store>.pos.events` in HQ. */
export const MIRRORED_POS_EVENTS = /^[A-Za-z0-9_-]+\.pos\.events$/;

export const tillKey = (storeId: string, tillId: string) => `${storeId}:${tillId}`;
export const stockKey = (locationId: string, sku: string) => `${locationId}:${sku}`;
