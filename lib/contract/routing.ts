import { stockKey, tillKey, type TopicSpec } from '../topics';
import { EVENTS_BY_TYPE, type TillstreamEvent } from './catalog';

/** The topic an event type is published to. */
export function topicOf(type: string): TopicSpec {
  const def = EVENTS_BY_TYPE.get(type);
  if (!def) throw new Error(`unknown event type "${type}"`);
  return def.topic;
}

/**
 * The message key of an event on its topic (design: "Topics"): per-till order on
 * pos.events, per order on ecom.events, per location × SKU on warehouse.events, and
 * on the compacted HQ topics a key per entity, so that compaction keeps the latest.
 */
export function messageKey(e: TillstreamEvent): string {
  switch (e.type) {
    case 'ecom.order.placed':
    case 'ecom.order.paid':
    case 'ecom.order.cancelled':
    case 'ecom.order.shipped':
      return e.payload.orderId;
    case 'stock.transferred':
      return stockKey(e.payload.fromLocationId, e.payload.sku);
    case 'stock.received':
    case 'stock.adjusted':
    case 'stock.counted':
      return stockKey(e.payload.locationId, e.payload.sku);
    case 'promo.published':
    case 'promo.withdrawn':
      return e.payload.promotionId;
    case 'store.upserted':
      return `store:${e.payload.storeId}`;
    case 'sku.upserted':
      return `sku:${e.payload.sku}`;
    case 'stock.threshold.set':
      return `threshold:${stockKey(e.payload.locationId, e.payload.sku)}`;
    default:
      // Every other type is a till event, which requires storeId and tillId.
      return tillKey(e.storeId!, e.tillId!);
  }
}
